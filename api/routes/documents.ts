/**
 * Copies of the agrément. The browser uploads straight to S3 (quarantine prefix) with a presigned
 * POST limited in size and type; then asks for verification, which the case's workflow runs as an
 * activity. Until the decision she may remove an accepted copy (replacing one is adding the new
 * copy, then removing the old); a refused or unfinished upload she may remove at any time. Files are read back only through `streamDocument`, after authorisation.
 */
import { z } from 'zod';
import type { Context } from 'koa';
import {
  ACCEPTED_DOCUMENT_TYPES,
  cleanFileName,
  DOCUMENT_REFUSALS,
  MAX_DOCUMENTS_PER_CASE,
  MAX_DOCUMENT_BYTES,
} from '../../domain/documents.ts';
import { quarantineKey, type Storage } from '../../infra/s3.ts';
import { audit } from '../audit.ts';
import { requireRole, signedIn } from '../auth/middleware.ts';
import { caseCommands } from '../cases/commands.ts';
import { draftSaved } from '../cases/draft-deadline.ts';
import { findRegistration, isUuid } from '../cases/read-model.ts';
import { newRouter, type ApiDeps, type AppContext } from '../context.ts';
import { notFound, parse, Problem } from '../problem.ts';
import { documentRemovedView, uploadView } from '../views/registration.ts';
import { type View } from '../views/common.ts';

export const uploadRequestSchema = z.object({
  // Stored as shown: invisible characters stripped, an over-long name shortened (domain/documents.ts).
  fileName: z
    .string({ error: 'Indiquez le nom du fichier.' })
    // A NUL is no character of a name: refused, as the documented schema says, before the cleaning.
    .refine((name) => !name.includes('\u0000'), 'Ce nom de fichier contient un caractère invalide.')
    .transform(cleanFileName),
  contentType: z.enum(Object.keys(ACCEPTED_DOCUMENT_TYPES) as [keyof typeof ACCEPTED_DOCUMENT_TYPES], {
    error: 'Formats acceptés : PDF, JPEG ou PNG.',
  }),
  size: z.int().min(1, 'Le fichier est vide.').max(MAX_DOCUMENT_BYTES, DOCUMENT_REFUSALS.too_large),
});

export const UPLOAD_WINDOW_MS = 15 * 60_000;

/**
 * Records a document awaiting its bytes and signs a POST straight to its quarantine key, limited in
 * size and type and valid for the upload window (her registration's copies, her new attestations).
 */
export async function presignedUpload(
  { db, storage }: Pick<ApiDeps, 'db' | 'storage'>,
  registrationId: string,
  input: z.output<typeof uploadRequestSchema>,
) {
  const documentId = crypto.randomUUID();
  const key = quarantineKey(registrationId, documentId);
  await db('documents').insert({
    id: documentId,
    registration_id: registrationId,
    object_key: key,
    file_name: input.fileName,
    content_type: input.contentType,
  });
  const policy = storage.publicClient.newPostPolicy();
  policy.setBucket(storage.bucket);
  policy.setKey(key);
  policy.setExpires(new Date(Date.now() + UPLOAD_WINDOW_MS));
  policy.setContentType(input.contentType);
  policy.setContentLengthRange(1, MAX_DOCUMENT_BYTES);
  const { postURL, formData } = await storage.publicClient.presignedPostPolicy(policy);
  return { documentId, upload: { url: postURL, fields: formData } };
}

/**
 * Sends an accepted document's bytes inline. Its type was verified from its bytes (PDF, JPEG, PNG) and
 * `nosniff` keeps the browser to that type; no CSP sandbox, which would stop browsers' PDF viewers.
 */
export async function streamDocument(
  ctx: Context,
  storage: Storage,
  document: { object_key: string; content_type: string; file_name: string },
) {
  const stream = await storage.client.getObject(storage.bucket, document.object_key);
  ctx.type = document.content_type;
  ctx.set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(document.file_name)}`);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = stream;
}

/** Her copy exists but was not accepted (still pending, or refused): nothing to read or remove. */
const notAccepted = () =>
  new Problem(409, 'document_not_accepted', 'Cette copie n’a pas été acceptée : rien à lire ni à retirer.');

/** Uploads wait for a confirmed address: an unconfirmed account stores nothing in S3. */
export function requireVerifiedEmail(ctx: AppContext): void {
  if (!signedIn(ctx).user.emailVerified)
    throw new Problem(
      409,
      'email_not_verified',
      'Confirmez d’abord votre adresse électronique : ouvrez le lien que nous vous avons envoyé, ou demandez-en un nouveau.',
    );
}

export function documentRoutes(deps: ApiDeps) {
  const router = newRouter('/api/registrations/:id/documents');
  const { db, storage } = deps;
  const commands = caseCommands(deps);
  router.use(requireRole('childminder'));

  async function ownRegistration(ctx: AppContext) {
    const { user } = signedIn(ctx);
    const registration = await findRegistration(db, deps.keys, String(ctx.params.id));
    if (!registration || registration.userId !== user.id) throw notFound();
    return registration;
  }

  async function ownDocument(ctx: AppContext, registrationId: string) {
    const documentId = String(ctx.params.documentId);
    const document = isUuid(documentId)
      ? await db('documents').where({ id: documentId, registration_id: registrationId }).first()
      : null;
    if (!document) throw notFound();
    return document;
  }

  router.post('/', async (ctx) => {
    const registration = await ownRegistration(ctx);
    requireVerifiedEmail(ctx);
    const input = parse(uploadRequestSchema, ctx.request.body);
    // Uploads still possible count too: each one is a presigned URL for 10 MB.
    const [counted] = await db('documents')
      .where({ registration_id: registration.id })
      .andWhere((q) =>
        q
          .where({ status: 'accepted' })
          .orWhere((p) =>
            p
              .where({ status: 'pending' })
              .andWhere('created_at', '>', new Date(Date.now() - UPLOAD_WINDOW_MS)),
          ),
      )
      .count<{ count: string }[]>();
    const count = counted?.count ?? 0;
    if (Number(count) >= MAX_DOCUMENTS_PER_CASE) {
      throw new Problem(
        409,
        'too_many_documents',
        `Vous avez déjà envoyé ${MAX_DOCUMENTS_PER_CASE} fichiers : retirez-en un avant d’en ajouter.`,
      );
    }
    const answer = await presignedUpload(deps, registration.id, input);
    await draftSaved(deps, registration);
    ctx.status = 201;
    ctx.body = answer satisfies View<typeof uploadView>;
  });

  router.post('/:documentId/verify', async (ctx) => {
    const registration = await ownRegistration(ctx);
    requireVerifiedEmail(ctx);
    const document = await ownDocument(ctx, registration.id);
    const { actor } = signedIn(ctx);
    // Its audit line is written by the case's workflow with the verdict (workflows/case-documents.ts).
    const verdict = await commands.attachDocument(registration.id, registration.userId, actor, document.id);
    await draftSaved(deps, registration);
    ctx.body =
      verdict.status === 'accepted'
        ? { status: 'accepted' }
        : { status: 'refused', reason: verdict.reason, message: DOCUMENT_REFUSALS[verdict.reason] };
  });

  // A POST rather than DELETE: the UI server's API client and HTML forms speak GET and POST.
  router.post('/:documentId/remove', async (ctx) => {
    const registration = await ownRegistration(ctx);
    const document = await ownDocument(ctx, registration.id);
    const { actor } = signedIn(ctx);
    if (document.status === 'refused' || document.status === 'pending') {
      // Never part of her case: no workflow to ask, the file just leaves her list and the quarantine.
      // Bytes first (deleting a missing key succeeds): if storage fails, nothing has changed yet.
      await storage.client.removeObject(storage.bucket, document.object_key);
      await db.transaction(async (trx) => {
        const discarded = await trx('documents')
          .where({ id: document.id, status: document.status })
          .update({ status: 'removed' });
        if (!discarded) throw notFound();
        await audit(
          trx,
          actor,
          'document.discarded',
          { type: 'document', id: document.id },
          { registrationId: registration.id, previousStatus: document.status },
        );
      });
      const [accepted] = await db('documents')
        .where({ registration_id: registration.id, status: 'accepted' })
        .count<[{ n: string }]>({ n: '*' });
      await draftSaved(deps, registration);
      ctx.body = { status: 'removed', acceptedDocuments: Number(accepted?.n ?? 0) } satisfies View<
        typeof documentRemovedView
      >;
      return;
    }
    if (document.status !== 'accepted') throw notAccepted();
    // Audited by the case's workflow with the removal (workflows/case-documents.ts).
    const result = await commands.removeDocument(registration.id, actor, document.id);
    await draftSaved(deps, registration);
    ctx.body = { status: 'removed', acceptedDocuments: result.acceptedDocuments } satisfies View<
      typeof documentRemovedView
    >;
  });

  router.get('/:documentId/content', async (ctx) => {
    const registration = await ownRegistration(ctx);
    const document = await ownDocument(ctx, registration.id);
    if (document.status !== 'accepted') throw notAccepted();
    await streamDocument(ctx, storage, document);
  });

  return router;
}
