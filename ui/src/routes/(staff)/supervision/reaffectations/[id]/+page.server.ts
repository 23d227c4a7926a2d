import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem, apiPath } from '#lib/server/api.ts';
import type { BulkReport } from '../../types.ts';

export const load: PageServerLoad = async ({ locals, params, depends }) => {
  depends('supervision:bulk');
  try {
    return {
      report: await api(locals.token).get<BulkReport>(apiPath`/api/supervision/reassignments/${params.id}`),
    };
  } catch (problem) {
    if (problem instanceof ApiProblem && problem.status === 404) error(404, problem.message);
    throw problem;
  }
};

export const actions: Actions = {
  /** Stops it between two cases; refused once it has finished. */
  cancel: async ({ locals, params }) => {
    try {
      await api(locals.token).post(apiPath`/api/supervision/reassignments/${params.id}/cancel`);
    } catch (problem) {
      if (problem instanceof ApiProblem) return fail(problem.status, { cancelMessage: problem.message });
      throw problem;
    }
    return { cancelRequested: true };
  },
};
