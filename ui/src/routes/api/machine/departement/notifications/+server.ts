import type { RequestHandler } from './$types';
import { API_URL } from '#lib/server/config.ts';

/**
 * The départements' machine API at the service's public address: passed to the API as it came (its
 * Basic credentials, its JSON), with the caller's address as this server sees it (the API throttles
 * failed credentials by it; replaced, never appended, as for the pages' calls). No session is read.
 */
const PASSED_BACK = ['content-type', 'www-authenticate', 'retry-after'];

const relay: RequestHandler = async ({ request, url, getClientAddress }) => {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'x-forwarded-for': getClientAddress(),
  };
  for (const name of ['authorization', 'content-type']) {
    const value = request.headers.get(name);
    if (value) headers[name] = value;
  }
  let answer: Response;
  try {
    answer = await fetch(`${API_URL}/api/machine/departement/notifications${url.search}`, {
      method: request.method,
      headers,
      body: request.method === 'POST' ? await request.arrayBuffer() : undefined,
    });
  } catch {
    return Response.json(
      {
        type: 'https://registre-assmat.fr/problemes/service_unavailable',
        title: 'service_unavailable',
        status: 503,
        code: 'service_unavailable',
        detail: 'Le service est momentanément indisponible. Réessayez dans un instant.',
      },
      { status: 503, headers: { 'content-type': 'application/problem+json', 'retry-after': '5' } },
    );
  }
  const back = new Headers();
  for (const name of PASSED_BACK) {
    const value = answer.headers.get(name);
    if (value) back.set(name, value);
  }
  return new Response(await answer.arrayBuffer(), { status: answer.status, headers: back });
};

export const GET = relay;
export const POST = relay;
