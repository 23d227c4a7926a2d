import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem, apiPath } from '#lib/server/api.ts';
import { clearSessionCookie } from '#lib/server/session.ts';

const path = (token: string) => apiPath`/api/auth/password-reset/${token}`;

/** Checks the link before she types anything: an expired or used link says so at once. */
export const load: PageServerLoad = async ({ params }) => {
  try {
    await api(null).get(path(params.token));
    return { invalid: null };
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500) return { invalid: error.message };
    throw error;
  }
};

export const actions: Actions = {
  default: async ({ params, request, cookies }) => {
    const password = String((await request.formData()).get('password') ?? '');
    try {
      await api(null).post(path(params.token), { password });
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      const errors = error.fieldErrors();
      return fail(error.status, { errors, message: Object.keys(errors).length ? null : error.message });
    }
    // Every session of the account has ended, this browser's included.
    clearSessionCookie(cookies);
    redirect(303, '/connexion?reinitialise=1');
  },
};
