import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { api } from '#lib/server/api.ts';
import { clearSessionCookie } from '#lib/server/session.ts';

export const actions: Actions = {
  default: async ({ locals, cookies }) => {
    if (locals.token)
      await api(locals.token)
        .post('/api/auth/logout')
        .catch(() => {});
    clearSessionCookie(cookies);
    redirect(303, '/');
  },
};
