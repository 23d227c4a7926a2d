import { redirect } from '@sveltejs/kit';
import type { Handle } from '@sveltejs/kit/hooks';
import { api, ApiProblem } from '#lib/server/api.ts';
import { S3_PUBLIC_ORIGIN, SESSION_COOKIE } from '#lib/server/config.ts';
import { keepInput, rememberAccount } from '#lib/server/saved-input.ts';
import { clearSessionCookie, type SessionUser } from '#lib/server/session.ts';
import { signInUrl } from '#lib/server/sign-in.ts';

/** Pages only a signed-in person can use: a form sent there without a session goes to sign-in. */
const SIGNED_IN_PAGES =
  /^\/(mon-dossier|mon-profil|mon-relais|mon-compte|moderation|supervision|relais|departement|verification)(\/|$)/;

const isFormPost = (request: Request) =>
  request.method === 'POST' &&
  /^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(
    request.headers.get('content-type') ?? '',
  );

/**
 * A form sent after her session expired: what she typed is kept (saved-input.ts) and she is sent to
 * sign in, with the reason. Thrown from here, SvelteKit answers an enhanced form (`use:enhance`) as
 * its client expects an action's redirect, a plain one with a 303, and sends the cookie with either.
 */
async function expiredForm(event: Parameters<Handle>[0]['event']): Promise<never> {
  const kept = await keepInput(event.cookies, event.request, event.url, event.url.protocol === 'https:');
  redirect(
    303,
    signInUrl(event.url, kept ? 'saisie-gardee' : event.locals.sessionExpired ? 'expiree' : 'requise'),
  );
}

export const handle: Handle = async ({ event, resolve }) => {
  const token = event.cookies.get(SESSION_COOKIE) ?? null;
  event.locals.token = null;
  event.locals.user = null;
  event.locals.sessionExpired = false;
  if (token) {
    try {
      event.locals.user = await api(token).get<SessionUser>('/api/auth/me');
      event.locals.token = token;
      rememberAccount(event.cookies, event.locals.user.id, event.url.protocol === 'https:');
    } catch (error) {
      if (!(error instanceof ApiProblem) || error.status !== 401) throw error;
      clearSessionCookie(event.cookies);
      event.locals.sessionExpired = true;
    }
  }
  if (!event.locals.user && isFormPost(event.request) && SIGNED_IN_PAGES.test(event.url.pathname))
    await expiredForm(event);
  const response = await resolve(event);
  const csp = response.headers.get('content-security-policy');
  if (csp)
    response.headers.set(
      'content-security-policy',
      csp.replace("connect-src 'self'", `connect-src 'self' ${S3_PUBLIC_ORIGIN}`),
    );
  // Served over https (PUBLIC_URL=https://…, as ui/serve.js states it): browsers keep to https.
  if (event.url.protocol === 'https:')
    response.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'same-origin');
  response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  if (event.locals.user) response.headers.set('Cache-Control', 'private, no-store');
  return response;
};
