import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';
import { requireSignIn, signInUrl } from '#lib/server/sign-in.ts';

/** After sign-up, or from a reminder: the link is on its way; she may ask for another one. */
export const load: PageServerLoad = ({ locals, url }) => {
  if (!locals.user) requireSignIn(locals, url);
  return { email: locals.user.email, verified: locals.user.emailVerified };
};

export const actions: Actions = {
  /** Sends a new link; the other pages' "resend" buttons post here too. */
  resend: async ({ locals, url }) => {
    if (!locals.user) redirect(303, signInUrl(new URL('/verification', url), 'requise'));
    try {
      await api(locals.token).post('/api/account/email-verification');
    } catch (error) {
      if (error instanceof ApiProblem) return fail(error.status, { resent: false, message: error.message });
      throw error;
    }
    return { resent: true, message: null };
  },
};
