import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';
import { homeOf, safeRedirect, setSessionCookie } from '#lib/server/session.ts';

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.user) redirect(303, safeRedirect(url.searchParams.get('redirect'), homeOf(locals.user.role)));
};

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const form = await request.formData();
    const email = String(form.get('email') ?? '');
    const password = String(form.get('password') ?? '');
    try {
      const session = await api(null).post<{
        token: string;
        expiresAt: string;
        role: 'childminder' | 'moderator' | 'supervisor';
      }>('/api/auth/login', { email, password });
      setSessionCookie(cookies, session.token, session.expiresAt, url.protocol === 'https:');
      redirect(303, safeRedirect(url.searchParams.get('redirect'), homeOf(session.role)));
    } catch (error) {
      if (error instanceof ApiProblem)
        return fail(error.status, { email, message: error.message, errors: error.fieldErrors() });
      throw error;
    }
  },
};
