import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { api, ApiProblem, apiPath } from '#lib/server/api.ts';
import { registrationIdOf } from '#lib/server/sections.ts';

/** Prepares an upload: the API records the document and signs a POST straight to S3. */
export const POST: RequestHandler = async ({ request, locals, url }) => {
  if (!locals.user || locals.user.role !== 'childminder') error(401, 'Reconnectez-vous.');
  if (request.headers.get('origin') !== url.origin) error(403, 'Origine refusée.');
  const id = await registrationIdOf(locals);
  try {
    return json(
      await api(locals.token).post(apiPath`/api/registrations/${id}/documents`, await request.json()),
      {
        status: 201,
      },
    );
  } catch (problem) {
    if (problem instanceof ApiProblem)
      return json(
        { code: problem.code, message: problem.errors[0]?.message ?? problem.message },
        { status: problem.status },
      );
    throw problem;
  }
};
