import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { api, apiPath } from '#lib/server/api.ts';
import { documentResponse } from '#lib/server/documents.ts';

/** A case's document for a moderator of its office (the API checks the office and audits the view). */
export const GET: RequestHandler = async ({ locals, params }) => {
  if (!locals.user || locals.user.role === 'childminder') error(401, 'Reconnectez-vous.');
  const response = await api(locals.token).raw(
    apiPath`/api/staff/cases/${params.id}/documents/${params.documentId}/content`,
  );
  if (!response.ok) error(response.status === 404 ? 404 : 502, 'Document introuvable.');
  return documentResponse(response);
};
