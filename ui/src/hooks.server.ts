import type { Handle } from '@sveltejs/kit/hooks';
import { api, ApiProblem } from '#lib/server/api.ts';
import { S3_PUBLIC_ORIGIN, SESSION_COOKIE } from '#lib/server/config.ts';
import { clearSessionCookie, type SessionUser } from '#lib/server/session.ts';

export const handle: Handle = async ({ event, resolve }) => {
  const token = event.cookies.get(SESSION_COOKIE) ?? null;
  event.locals.token = null;
  event.locals.user = null;
  if (token) {
    try {
      event.locals.user = await api(token).get<SessionUser>('/api/auth/me');
      event.locals.token = token;
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 401) clearSessionCookie(event.cookies);
      else throw error;
    }
  }
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
