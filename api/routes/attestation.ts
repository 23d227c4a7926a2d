/**
 * Her new attestation after activation (a renewal, a modification of her agrément): the file goes
 * straight to S3's quarantine through a presigned POST, as at registration; then the file and the
 * agrément values she declares are sent together, as one change that her lifecycle checks (the same
 * verification activity) and sends to the pivot CAF. A refused file refuses the change: nothing is
 * stored but the refused file's verdict, and the form keeps what she typed.
 */
import { z } from 'zod';
import { MAX_DOCUMENTS_PER_CASE } from '../../domain/documents.ts';
import { CHANGE_REASONS, CHANGE_RULES } from '../../domain/profile-changes.ts';
import { requireRole, signedIn } from '../auth/middleware.ts';
import { caseCommands } from '../cases/commands.ts';
import { pendingChangeOf, proposeProfileChange } from '../cases/profile-changes.ts';
import { findCase, findRegistration, type RegistrationRow } from '../cases/read-model.ts';
import { refuseWhenClosed } from '../departements/closure.ts';
import { newRouter, type ApiDeps, type AppContext } from '../context.ts';
import { notFound, parse, Problem } from '../problem.ts';
import { profileChangeView, uploadView } from '../views/registration.ts';
import { type View } from '../views/common.ts';
import { presignedUpload, requireVerifiedEmail, UPLOAD_WINDOW_MS, uploadRequestSchema } from './documents.ts';

/** The file already in quarantine, and the agrément as her new attestation reads (checked as a section). */
export const attestationRequestSchema = z.object({
  documentId: z.uuid({ error: 'Joignez votre nouvelle attestation.' }),
  agrement: z.unknown(),
});

export function attestationRoutes(deps: ApiDeps) {
  const router = newRouter('/api/registrations/:id/profile/attestation');
  const { db } = deps;
  const commands = caseCommands(deps);
  router.use(requireRole('childminder'));

  /** Her own active registration, with nothing waiting for the CAF: else the rule that stops her. */
  async function ownActiveRegistration(ctx: AppContext): Promise<RegistrationRow> {
    const { user } = signedIn(ctx);
    const registration = await findRegistration(db, deps.keys, String(ctx.params.id));
    if (!registration || registration.userId !== user.id) throw notFound();
    requireVerifiedEmail(ctx);
    const kase = await findCase(db, registration.id);
    if (kase.status !== 'active' && kase.status !== 'change_in_moderation')
      throw new Problem(409, 'not_active', CHANGE_RULES.not_active);
    await refuseWhenClosed(db, registration.id);
    if (await pendingChangeOf(deps, registration.id))
      throw new Problem(409, 'change_pending', CHANGE_RULES.change_pending);
    return registration;
  }

  router.post('/uploads', async (ctx) => {
    const registration = await ownActiveRegistration(ctx);
    const input = parse(uploadRequestSchema, ctx.request.body);
    // Each slot is a presigned URL for 10 MB: the ones still open count.
    const [open] = await db('documents')
      .where({ registration_id: registration.id, status: 'pending' })
      .andWhere('created_at', '>', new Date(Date.now() - UPLOAD_WINDOW_MS))
      .count<{ count: string }[]>();
    if (Number(open?.count ?? 0) >= MAX_DOCUMENTS_PER_CASE)
      throw new Problem(
        409,
        'too_many_documents',
        'Vous avez commencé beaucoup d’envois : attendez un quart d’heure avant de recommencer.',
      );
    ctx.status = 201;
    ctx.body = (await presignedUpload(deps, registration.id, input)) satisfies View<typeof uploadView>;
  });

  router.post('/', async (ctx) => {
    const registration = await ownActiveRegistration(ctx);
    const { documentId, agrement } = parse(attestationRequestSchema, ctx.request.body);
    const document = await db('documents')
      .where({ id: documentId, registration_id: registration.id })
      .first('status');
    if (!document) throw notFound();
    const used = await db('profile_changes').where({ document_id: documentId }).first('id');
    if (document.status !== 'pending' || used)
      throw new Problem(409, 'attestation_not_pending', CHANGE_RULES.attestation_not_pending);
    const { actor } = signedIn(ctx);
    // The copy's verdict and the change are audited by her lifecycle with their events
    // (workflows/change-attestation.ts, api/cases/profile-changes.ts).
    const change = await proposeProfileChange(deps, commands, registration, actor, 'agrement', agrement, {
      documentId,
      audit: {
        applied: 'profile.changed',
        moderated: 'profile.change_proposed',
        detail: { section: 'agrement', documentId },
      },
    });
    ctx.body = {
      section: 'agrement',
      outcome: change.outcome,
      reasons: change.reasons.map((code) => ({ code, label: CHANGE_REASONS[code] })),
    } satisfies View<typeof profileChangeView>;
  });

  return router;
}
