import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';
import {
  homeOf,
  safeRedirect,
  setChallengeCookie,
  setSessionCookie,
  type SessionUser,
} from '#lib/server/session.ts';
import type { SignInReason } from '#lib/server/sign-in.ts';

type LoginAnswer =
  | {
      token: string;
      expiresAt: string;
      role: SessionUser['role'];
    }
  | { secondFactor: 'totp'; challenge: string; expiresAt: string };

/**
 * Why she lands here again: after a reset, signing out everywhere, a second step that took too long,
 * or a sign-up with an address that already has an account (its owner got an email).
 */
const NOTICES = ['reinitialise', 'partout', 'expire', 'inscription'] as const;

/** Why a page sent her here (lib/server/sign-in.ts). */
const REASONS: readonly SignInReason[] = ['expiree', 'saisie-gardee', 'requise'];

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.user) redirect(303, safeRedirect(url.searchParams.get('redirect'), homeOf(locals.user.role)));
  const notice = NOTICES.find((n) => url.searchParams.has(n)) ?? null;
  const reason = REASONS.find((r) => url.searchParams.get('raison') === r) ?? null;
  return { notice, reason };
};

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const form = await request.formData();
    const email = String(form.get('email') ?? '');
    const password = String(form.get('password') ?? '');
    const secure = url.protocol === 'https:';
    let answer: LoginAnswer;
    try {
      answer = await api(null).post<LoginAnswer>('/api/auth/login', { email, password });
    } catch (error) {
      if (error instanceof ApiProblem)
        return fail(error.status, { email, message: error.message, errors: error.fieldErrors() });
      throw error;
    }
    if ('secondFactor' in answer) {
      // Staff: the password was right; the code comes next, on its own page.
      setChallengeCookie(cookies, answer.challenge, answer.expiresAt, secure);
      const target = url.searchParams.get('redirect');
      redirect(303, `/connexion/code${target ? `?redirect=${encodeURIComponent(target)}` : ''}`);
    }
    setSessionCookie(cookies, answer.token, answer.expiresAt, secure);
    redirect(303, safeRedirect(url.searchParams.get('redirect'), homeOf(answer.role)));
  },
};
