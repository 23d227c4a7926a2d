import { fail, redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { api, ApiProblem, apiPath } from '#lib/server/api.ts';
import { registrationIdOf } from '#lib/server/sections.ts';

export const actions: Actions = {
  /** Submits the draft, or resubmits after a correction request. */
  default: async ({ locals, request }) => {
    const id = await registrationIdOf(locals);
    const again = (await request.formData()).get('again') === '1';
    try {
      await api(locals.token).post(apiPath`/api/registrations/${id}/${again ? 'resubmit' : 'submit'}`);
    } catch (error) {
      if (error instanceof ApiProblem) {
        return fail(error.status, {
          message: error.message,
          errors: Object.fromEntries(error.errors.map((e) => [e.path, e.message])),
        });
      }
      throw error;
    }
    redirect(303, '/mon-dossier?depose=1');
  },
};
