import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { api, ApiProblem, apiPath } from '#lib/server/api.ts';
import { registrationIdOf } from '#lib/server/sections.ts';

/** Removes a file: an accepted copy leaves her case (the workflow says whether it may); a refused one her list. */
export const POST: RequestHandler = async ({ locals, params, request, url }) => {
  if (!locals.user || locals.user.role !== 'childminder') error(401, 'Reconnectez-vous.');
  if (request.headers.get('origin') !== url.origin) error(403, 'Origine refusée.');
  const id = await registrationIdOf(locals);
  try {
    return json(
      await api(locals.token).post(apiPath`/api/registrations/${id}/documents/${params.documentId}/remove`),
    );
  } catch (problem) {
    if (problem instanceof ApiProblem)
      return json({ code: problem.code, message: problem.message }, { status: problem.status });
    throw problem;
  }
};
