import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem, apiPath } from '#lib/server/api.ts';
import { text, valuesOf } from '#lib/server/forms.ts';
import type { CaseStatus } from '#lib/domain.ts';

/** The part of the staff case view (api/routes/staff-cases.ts) this page shows. */
interface CaseToMove {
  id: string;
  case: { status: CaseStatus; officeId: string; officeName: string; label: string };
  sections: { identity: { birthName?: string; usageName?: string | null; firstNames?: string[] } | null };
}

export const load: PageServerLoad = async ({ locals, params }) => {
  try {
    return { kase: await api(locals.token).get<CaseToMove>(apiPath`/api/staff/cases/${params.id}`) };
  } catch (problem) {
    if (problem instanceof ApiProblem && problem.status === 404) error(404, problem.message);
    throw problem;
  }
};

export const actions: Actions = {
  /** Moves this case alone, at once: the case's own rule answers (closed, already there…). */
  default: async ({ locals, params, request }) => {
    const values = valuesOf(await request.formData());
    try {
      await api(locals.token).post(apiPath`/api/staff/cases/${params.id}/reassign`, {
        officeId: text(values, 'officeId'),
      });
    } catch (problem) {
      if (!(problem instanceof ApiProblem)) throw problem;
      return fail(problem.status, {
        values,
        errors: problem.fieldErrors(),
        message: problem.errors.length ? null : problem.message,
      });
    }
    return { moved: text(values, 'officeId') };
  },
};
