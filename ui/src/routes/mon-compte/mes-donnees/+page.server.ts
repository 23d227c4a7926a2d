import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';
import { CLOSURE_NOTICE_COOKIE } from '#lib/server/closure-notice.ts';
import { clearSessionCookie } from '#lib/server/session.ts';
import { requireSignIn } from '#lib/server/sign-in.ts';
import type { AccountClosed, PersonalData } from '#lib/personal-data.ts';

/** Everything held about her, readable; childminders only (staff accounts hold no such record). */
export const load: PageServerLoad = async ({ locals, url }) => {
  if (!locals.user) requireSignIn(locals, url);
  if (locals.user.role !== 'childminder') redirect(303, '/mon-compte');
  return { data: await api(locals.token).get<PersonalData>('/api/account/data') };
};

export const actions: Actions = {
  /** Closes her account once she has ticked the confirmation; what is kept, and why, is shown next. */
  close: async ({ locals, request, cookies, url }) => {
    const form = await request.formData();
    let closed: AccountClosed;
    try {
      closed = await api(locals.token).post<AccountClosed>('/api/account/closure', {
        confirm: form.get('confirm') === 'on',
      });
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      const errors = error.fieldErrors();
      return fail(error.status, { errors, message: Object.keys(errors).length ? null : error.message });
    }
    clearSessionCookie(cookies);
    cookies.set(CLOSURE_NOTICE_COOKIE, JSON.stringify(closed.explanation), {
      path: '/compte-ferme',
      httpOnly: true,
      sameSite: 'lax',
      secure: url.protocol === 'https:',
      maxAge: 600,
    });
    redirect(303, '/compte-ferme');
  },
};
