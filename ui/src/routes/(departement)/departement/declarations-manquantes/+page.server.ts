import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';
import { filtersOf } from './filters.ts';

export interface MissedDeclaration {
  registrationId: string;
  name: string;
  agrementNumber: string | null;
  communeCode: string | null;
  communeName: string | null;
  postalCode: string | null;
  missedDeadlines: string[];
  consecutiveMisses: number;
  stage: 'first_miss' | 'repeated';
  relay: { name: string; phone: string | null; email: string | null } | null;
  referral: { referredOn: string; note: string | null; recordedAt: string } | null;
}

export interface MissedDeclarations {
  counts: { total: number; firstMiss: number; repeated: number; referred: number };
  delayDays: number;
  matching: number;
  page: number;
  pageSize: number;
  pages: number;
  items: MissedDeclaration[];
}

/** Her département's list, filtered by the form's GET parameters; `saisir` opens the referral form for one of them. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const filters = filtersOf(url);
  try {
    const list = await api(locals.token).get<MissedDeclarations>(
      `/api/departement/missed-declarations${filters.size ? `?${filters}` : ''}`,
    );
    return { list, filters: Object.fromEntries(filters), filterErrors: {} as Record<string, string> };
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status !== 422) throw error;
    // A filter the API refuses: said next to it, the list shown without filters.
    const list = await api(locals.token).get<MissedDeclarations>('/api/departement/missed-declarations');
    return { list, filters: Object.fromEntries(filters), filterErrors: error.fieldErrors() };
  }
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

export const actions: Actions = {
  saisine: async ({ locals, request, url }) => {
    const form = await request.formData();
    const registrationId = text(form, 'registrationId');
    const values = { referredOn: text(form, 'referredOn'), note: text(form, 'note') };
    let outcome: string;
    try {
      const recorded = await api(locals.token).post<{ outcome: string }>(
        `/api/departement/missed-declarations/${encodeURIComponent(registrationId)}/referral`,
        { referredOn: values.referredOn, note: values.note || null },
      );
      outcome = recorded.outcome;
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      const errors = error.fieldErrors();
      return fail(error.status, {
        registrationId,
        values,
        errors,
        message: Object.keys(errors).length ? null : error.message,
      });
    }
    const back = filtersOf(url);
    back.set('saisie', outcome);
    redirect(303, `/departement/declarations-manquantes?${back}`);
  },
};
