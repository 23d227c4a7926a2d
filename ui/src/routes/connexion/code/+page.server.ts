import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';
import {
  CHALLENGE_COOKIE,
  clearChallengeCookie,
  homeOf,
  safeRedirect,
  setSessionCookie,
  type SessionUser,
} from '#lib/server/session.ts';

/** The second step of a staff sign-in: the code of her authenticator app. */
export const load: PageServerLoad = ({ locals, cookies }) => {
  if (locals.user) redirect(303, homeOf(locals.user.role));
  if (!cookies.get(CHALLENGE_COOKIE)) redirect(303, '/connexion');
};

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const challenge = cookies.get(CHALLENGE_COOKIE);
    if (!challenge) redirect(303, '/connexion?expire=1');
    const code = String((await request.formData()).get('code') ?? '');
    let session: {
      token: string;
      expiresAt: string;
      role: SessionUser['role'];
    };
    try {
      session = await api(null).post('/api/auth/login/second-factor', { challenge, code });
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      if (error.code === 'challenge_expired') {
        clearChallengeCookie(cookies);
        redirect(303, '/connexion?expire=1');
      }
      const errors = error.fieldErrors();
      return fail(error.status, { code, errors, message: errors.code ? null : error.message });
    }
    clearChallengeCookie(cookies);
    setSessionCookie(cookies, session.token, session.expiresAt, url.protocol === 'https:');
    redirect(303, safeRedirect(url.searchParams.get('redirect'), homeOf(session.role)));
  },
};
