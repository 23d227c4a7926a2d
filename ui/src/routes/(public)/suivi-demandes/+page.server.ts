import { fail } from '@sveltejs/kit';
import type { Actions } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';

export const actions: Actions = {
  /** Asks for the link that gathers her requests; the answer is the same for any address. */
  default: async ({ request }) => {
    const email = String((await request.formData()).get('email') ?? '');
    try {
      await api(null).post('/api/public/parent-links', { email });
    } catch (error) {
      if (error instanceof ApiProblem)
        return fail(error.status, {
          email,
          sent: false,
          errors: error.fieldErrors(),
          message: error.status === 422 ? null : error.message,
        });
      throw error;
    }
    return { email, sent: true, errors: {} as Record<string, string>, message: null };
  },
};
