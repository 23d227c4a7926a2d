import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { api, apiPath } from '#lib/server/api.ts';
import { registrationIdOf } from '#lib/server/sections.ts';
import { documentResponse } from '#lib/server/documents.ts';

/** Her own accepted document, streamed from the API (which checks it is hers). */
export const GET: RequestHandler = async ({ locals, params }) => {
  if (!locals.user || locals.user.role !== 'childminder') error(401, 'Reconnectez-vous.');
  const id = await registrationIdOf(locals);
  const response = await api(locals.token).raw(
    apiPath`/api/registrations/${id}/documents/${params.documentId}/content`,
  );
  if (!response.ok) error(response.status === 404 ? 404 : 502, 'Document introuvable.');
  return documentResponse(response);
};
