import { fail } from '@sveltejs/kit';
import type { Actions } from './$types';
import { api, ApiProblem, apiPath } from '#lib/server/api.ts';
import { int, text, valuesOf } from '#lib/server/forms.ts';

export const actions: Actions = {
  /** One office's target, from its row of the table; a refusal comes back to that row. */
  default: async ({ locals, request }) => {
    const values = valuesOf(await request.formData());
    const officeId = text(values, 'officeId');
    try {
      await api(locals.token).put(apiPath`/api/supervision/offices/${officeId}`, {
        targetWorkingDays: int(values, 'targetWorkingDays'),
      });
    } catch (problem) {
      if (!(problem instanceof ApiProblem)) throw problem;
      return fail(problem.status, {
        officeId,
        values,
        error: problem.fieldErrors().targetWorkingDays ?? problem.message,
      });
    }
    return { saved: officeId };
  },
};
