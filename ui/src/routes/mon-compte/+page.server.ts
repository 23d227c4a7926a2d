import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';
import { clearSessionCookie, setSessionCookie } from '#lib/server/session.ts';
import { requireSignIn } from '#lib/server/sign-in.ts';

interface AccountView {
  email: string;
  displayName: string;
  role: 'childminder' | 'moderator' | 'supervisor' | 'relay' | 'departement_agent' | 'data_protection';
  emailVerified: boolean;
  secondFactor: boolean;
  passwordChangedAt: string;
  openSessions: number;
}

/** Her account, whatever her role: address, password, sessions. */
export const load: PageServerLoad = async ({ locals, url }) => {
  if (!locals.user) requireSignIn(locals, url);
  return { account: await api(locals.token).get<AccountView>('/api/account') };
};

export const actions: Actions = {
  /** Changes the password (the current one is required); her other sessions end, this one gets a new token. */
  password: async ({ locals, request, cookies, url }) => {
    const form = await request.formData();
    try {
      const result = await api(locals.token).post<{
        endedSessions: number;
        token: string;
        expiresAt: string;
      }>('/api/account/password', {
        currentPassword: String(form.get('currentPassword') ?? ''),
        newPassword: String(form.get('newPassword') ?? ''),
      });
      // The API replaced this session too: the cookie carries the new token from now on.
      setSessionCookie(cookies, result.token, result.expiresAt, url.protocol === 'https:');
      locals.token = result.token;
      return {
        passwordChanged: true,
        endedSessions: result.endedSessions,
        errors: {} as Record<string, string>,
        message: null,
      };
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      const errors = error.fieldErrors();
      return fail(error.status, {
        passwordChanged: false,
        endedSessions: 0,
        errors,
        message: Object.keys(errors).length ? null : error.message,
      });
    }
  },

  /** Ends every session, this one included. */
  endAll: async ({ locals, cookies }) => {
    await api(locals.token).post('/api/account/sessions/end-all');
    clearSessionCookie(cookies);
    redirect(303, '/connexion?partout=1');
  },
};
