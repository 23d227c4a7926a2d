import type { RequestHandler } from './$types';
import { apiPath } from '#lib/server/api.ts';
import { preparedUpload } from '#lib/server/documents.ts';
import { registrationIdOf } from '#lib/server/sections.ts';

/** Prepares an upload: the API records the document and signs a POST straight to S3. */
export const POST: RequestHandler = async (event) =>
  preparedUpload(event, apiPath`/api/registrations/${await registrationIdOf(event.locals)}/documents`);
