/**
 * Sending her to the sign-in page, with the reason she will read there: her session expired (and
 * what she typed is kept), or the page needs an account. Used by every page that needs one.
 */
import { redirect } from '@sveltejs/kit';

/** Why the sign-in page is shown; its text is in i18n (m.account.signIn.reasons). */
export type SignInReason = 'expiree' | 'saisie-gardee' | 'requise';

export function signInUrl(url: URL, reason: SignInReason): string {
  const back = `${url.pathname}${url.search}`.replace(/\?\/[^&]*&?/, '?').replace(/\?$/, '');
  return `/connexion?${new URLSearchParams({ redirect: back, raison: reason })}`;
}

/** Redirects a page load to the sign-in page, saying why. */
export function requireSignIn(locals: App.Locals, url: URL): never {
  redirect(303, signInUrl(url, locals.sessionExpired ? 'expiree' : 'requise'));
}
