import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';
import { homeOf } from '#lib/server/session.ts';
import { LINK_LIFETIME_MS } from '../../../../domain/accounts.ts';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.user) redirect(303, homeOf(locals.user.role));
  return { linkMinutes: Math.round(LINK_LIFETIME_MS.password_reset / 60_000) };
};

export const actions: Actions = {
  /** Asks for a reset link; the answer is the same whether or not the account exists. */
  default: async ({ request }) => {
    const email = String((await request.formData()).get('email') ?? '');
    try {
      await api(null).post('/api/auth/password-reset', { email });
    } catch (error) {
      if (error instanceof ApiProblem)
        return fail(error.status, { email, sent: false, errors: error.fieldErrors(), message: null });
      throw error;
    }
    return { email, sent: true, errors: {} as Record<string, string>, message: null };
  },
};
