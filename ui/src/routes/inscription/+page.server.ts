import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';
import { homeOf, setSessionCookie } from '#lib/server/session.ts';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.user) redirect(303, homeOf(locals.user.role));
};

type Session = { token: string; expiresAt: string };

export const actions: Actions = {
  /**
   * The API answers a sign-up the same whether or not the address has an account; signing in with
   * the password just chosen then opens the new account (or hers, if she typed her own password).
   * Otherwise the address had an account already and its owner got an email: the sign-in page says so.
   */
  default: async ({ request, cookies, url }) => {
    const form = await request.formData();
    const values = {
      email: String(form.get('email') ?? ''),
      displayName: String(form.get('displayName') ?? ''),
    };
    const password = String(form.get('password') ?? '');
    let session: Session | null = null;
    try {
      await api(null).post('/api/auth/signup', { ...values, password });
      session = await api(null).post<Session>('/api/auth/login', { email: values.email, password });
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      if (error.status !== 401)
        return fail(error.status, { values, message: error.message, errors: error.fieldErrors() });
    }
    if (!session || !('token' in session)) redirect(303, '/connexion?inscription=1');
    setSessionCookie(cookies, session.token, session.expiresAt, url.protocol === 'https:');
    redirect(303, '/verification');
  },
};
