/**
 * The Temporal Web UI's codec server, as the browser reaches it: `POST /codec/decode` and
 * `/codec/encode` with the session cookie (the UI's setting « Include cross-origin credentials »),
 * passed to the API's `/api/temporal-codec/*` with the session's token: only a signed-in
 * supervisor gets payloads in clear. CORS answers only TEMPORAL_UI_ORIGIN.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { api, ApiProblem } from './api.ts';
import { SESSION_COOKIE, TEMPORAL_UI_ORIGIN } from './config.ts';

function corsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get('origin');
  if (!origin || !TEMPORAL_UI_ORIGIN || origin !== TEMPORAL_UI_ORIGIN) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type, x-namespace',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

export function codecHandlers(action: 'decode' | 'encode'): {
  POST: RequestHandler;
  OPTIONS: RequestHandler;
} {
  return {
    OPTIONS: ({ request }) => new Response(null, { status: 204, headers: corsHeaders(request) }),
    POST: async ({ request, cookies }) => {
      const headers = corsHeaders(request);
      let body: unknown;
      try {
        body = await request.json();
      } catch {
        return json({ code: 'malformed_json', detail: 'Corps JSON illisible.' }, { status: 400, headers });
      }
      try {
        const answer = await api(cookies.get(SESSION_COOKIE) ?? null).post(
          `/api/temporal-codec/${action}`,
          body,
        );
        return json(answer, { headers: { ...headers, 'cache-control': 'no-store' } });
      } catch (error) {
        if (!(error instanceof ApiProblem)) throw error;
        return json({ code: error.code, detail: error.message }, { status: error.status, headers });
      }
    },
  };
}
