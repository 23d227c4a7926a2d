/** The signed-in user, as the API describes her, and where each role lands after signing in. */
import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE } from './config.ts';

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: 'childminder' | 'moderator' | 'supervisor' | 'relay' | 'departement_agent' | 'data_protection';
  officeId: string | null;
  office: { id: string; name: string } | null;
  /** A supervisor of every office. */
  national: boolean;
  /** The offices a (non-national) supervisor oversees. */
  offices: Array<{ id: string; name: string }>;
  registrationId: string | null;
  emailVerified: boolean;
  /** A relay agent's relay. */
  relay: { id: string; name: string } | null;
  /** A département agent's département. */
  departement: { code: string; name: string } | null;
}

export function homeOf(role: SessionUser['role']): string {
  if (role === 'departement_agent') return '/departement';
  if (role === 'data_protection') return '/supervision/journal';
  return role === 'childminder' ? '/mon-dossier' : role === 'relay' ? '/relais' : '/moderation';
}

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: string, secure: boolean): void {
  cookies.set(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(cookies: Cookies): void {
  cookies.delete(SESSION_COOKIE, { path: '/' });
}

/**
 * Only this site's pages: a `redirect` parameter must not send her to another site. The target is
 * resolved with `URL`, as her browser would resolve the Location header, against an origin of our
 * own; it must stay on it (`//x`, `/\\x`, `/\tx`… all leave it). What is returned is that resolved
 * path, never the raw text.
 */
export function safeRedirect(
  target: string | null,
  fallback: string,
  origin = 'https://registre.invalid',
): string {
  if (!target || !target.startsWith('/')) return fallback;
  let resolved: URL;
  try {
    resolved = new URL(target, origin);
  } catch {
    return fallback;
  }
  if (resolved.origin !== new URL(origin).origin) return fallback;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

/** Between the password and the code of a staff sign-in: the API's challenge, for five minutes. */
export const CHALLENGE_COOKIE = 'registre_connexion';

export function setChallengeCookie(
  cookies: Cookies,
  challenge: string,
  expiresAt: string,
  secure: boolean,
): void {
  cookies.set(CHALLENGE_COOKIE, challenge, {
    path: '/connexion',
    httpOnly: true,
    sameSite: 'strict',
    secure,
    expires: new Date(expiresAt),
  });
}

export function clearChallengeCookie(cookies: Cookies): void {
  cookies.delete(CHALLENGE_COOKIE, { path: '/connexion' });
}
