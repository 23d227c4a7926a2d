import type { RequestHandler } from './$types';
import { apiPath } from '#lib/server/api.ts';
import { preparedUpload } from '#lib/server/documents.ts';
import { registrationIdOf } from '#lib/server/sections.ts';

/** Prepares the upload of her new attestation: the API signs a POST to the quarantine of S3. */
export const POST: RequestHandler = async (event) =>
  preparedUpload(
    event,
    apiPath`/api/registrations/${await registrationIdOf(event.locals)}/profile/attestation/uploads`,
  );
