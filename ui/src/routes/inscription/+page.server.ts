import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';
import { homeOf, setSessionCookie } from '#lib/server/session.ts';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.user) redirect(303, homeOf(locals.user.role));
};

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const form = await request.formData();
    const values = {
      email: String(form.get('email') ?? ''),
      displayName: String(form.get('displayName') ?? ''),
    };
    try {
      const session = await api(null).post<{ token: string; expiresAt: string }>('/api/auth/signup', {
        ...values,
        password: String(form.get('password') ?? ''),
      });
      setSessionCookie(cookies, session.token, session.expiresAt, url.protocol === 'https:');
    } catch (error) {
      if (error instanceof ApiProblem)
        return fail(error.status, { values, message: error.message, errors: error.fieldErrors() });
      throw error;
    }
    redirect(303, '/verification');
  },
};
