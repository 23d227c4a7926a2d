import { error, json } from '@sveltejs/kit';
import { api, ApiProblem } from './api.ts';

/** Streams a document from the API to the browser, keeping only the headers that describe it. */
export function documentResponse(response: Response): Response {
  const headers = new Headers();
  for (const name of [
    'content-type',
    'content-length',
    'content-disposition',
    'x-content-type-options',
    'cache-control',
  ]) {
    const value = response.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(response.body, { headers });
}

/**
 * Asks the API to prepare an upload (a document awaiting its bytes and a POST signed for S3) for the
 * browser of the signed-in childminder; a refusal comes back as `{ code, message }` with its status.
 */
export async function preparedUpload(
  event: { request: Request; locals: App.Locals; url: URL },
  path: string,
): Promise<Response> {
  const { request, locals, url } = event;
  if (!locals.user || locals.user.role !== 'childminder') error(401, 'Reconnectez-vous.');
  if (request.headers.get('origin') !== url.origin) error(403, 'Origine refusée.');
  try {
    return json(await api(locals.token).post(path, await request.json()), { status: 201 });
  } catch (problem) {
    if (problem instanceof ApiProblem)
      return json(
        { code: problem.code, message: problem.errors[0]?.message ?? problem.message },
        { status: problem.status },
      );
    throw problem;
  }
}
