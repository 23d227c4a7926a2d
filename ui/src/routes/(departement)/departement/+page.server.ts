import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';

export interface ReceivedNotification {
  id: string;
  reference: string;
  kind: string;
  agrementNumber: string;
  outcome: 'applied' | 'unmatched' | 'refused';
  channel: 'form' | 'batch' | 'api';
  effectiveAt: string;
  endsAt: string | null;
  receivedAt: string;
}

/** The notifications her département sent, newest first. */
export const load: PageServerLoad = async ({ locals }) => ({
  received: (await api(locals.token).get<{ items: ReceivedNotification[] }>('/api/departement/notifications'))
    .items,
});

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
const optional = (form: FormData, name: string) => text(form, name) || null;

export const actions: Actions = {
  default: async ({ locals, request }) => {
    const form = await request.formData();
    const values = {
      kind: text(form, 'kind'),
      reference: text(form, 'reference'),
      agrementNumber: text(form, 'agrementNumber'),
      birthName: text(form, 'birthName'),
      birthDate: text(form, 'birthDate'),
      effectiveDate: text(form, 'effectiveDate'),
      endDate: optional(form, 'endDate'),
      reason: text(form, 'reason'),
      expiryDate: optional(form, 'expiryDate'),
      capacity: optional(form, 'capacity'),
      workplace: optional(form, 'workplace'),
    };
    let outcome: string;
    try {
      const capacity = values.capacity === null ? null : Number(values.capacity);
      const received = await api(locals.token).post<{ outcome: string }>('/api/departement/notifications', {
        ...values,
        capacity: Number.isNaN(capacity) ? values.capacity : capacity,
      });
      outcome = received.outcome;
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      const errors = error.fieldErrors();
      return fail(error.status, {
        values,
        errors,
        message: Object.keys(errors).length ? null : error.message,
      });
    }
    redirect(303, `/departement?fait=${outcome}&reference=${encodeURIComponent(values.reference)}`);
  },
};
