import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { api } from '#lib/server/api.ts';
import { ACCOUNT_COOKIE, forgetInput } from '#lib/server/saved-input.ts';
import { clearSessionCookie } from '#lib/server/session.ts';

export const actions: Actions = {
  default: async ({ locals, cookies }) => {
    if (locals.token)
      await api(locals.token)
        .post('/api/auth/logout')
        .catch(() => {});
    clearSessionCookie(cookies);
    // Signed out on purpose: nothing typed here is kept for the next person on this browser.
    forgetInput(cookies);
    cookies.delete(ACCOUNT_COOKIE, { path: '/' });
    redirect(303, '/');
  },
};
