/**
 * Moderation: the queue of an office, the case view with its facts, and decisions. A moderator only
 * ever sees her office's cases: another office's case answers 404, as if it did not exist. The
 * commands sent to the case's workflow (claim, release, assign, reassign, decision) are audited by
 * the activity that writes their effect, in its transaction: no line here, after the fact.
 */
import { z } from 'zod';
import { staffExplanationFor } from '../../domain/case-status.ts';
import { CORRECTION_REASONS, FORM_SECTIONS, REJECTION_REASONS } from '../../domain/decisions.ts';
import { queueFilterSchema } from '../../domain/queue-filter.ts';
import { officeIdSchema } from '../../domain/routing.ts';
import { audit } from '../audit.ts';
import { requireRole, signedIn } from '../auth/middleware.ts';
import { caseCommands } from '../cases/commands.ts';
import { factsOf, visibleDuplicates } from '../cases/facts.ts';
import { queueCounts, queuePage } from '../cases/queue-query.ts';
import {
  documentsOf,
  findCase,
  findRegistration,
  isUuid,
  notesOf,
  officeModerators,
  sectionsOf,
  timeline,
} from '../cases/read-model.ts';
import {
  declarationOf,
  identityCheckOf,
  lastDecidedChangeOf,
  pendingChangeOf,
} from '../cases/profile-changes.ts';
import { refuseDecisionWhenClosed } from '../cases/closed-changes.ts';
import { standingView } from '../departements/closure.ts';
import { newRouter, type ApiDeps, type AppContext } from '../context.ts';
import { notFound, parse, Problem } from '../problem.ts';
import { streamDocument } from './documents.ts';
import { notesView, queueView, staffCaseView } from '../views/staff.ts';
import { caseStatusView } from '../views/registration.ts';
import { caseCommandView, type View } from '../views/common.ts';

export const pageSchema = z.object({
  limit: z.coerce
    .number({ error: 'Indiquez un nombre de dossiers par page.' })
    .int()
    .min(1, 'Un dossier par page au moins.')
    .max(200, '200 dossiers par page au plus.')
    .default(50),
  /** Keyset cursor given by the previous page. */
  after: z.string().max(200).optional(),
});

export const noteSchema = z.object({
  body: z
    .string({ error: 'Écrivez la note.' })
    .trim()
    .min(1, 'Écrivez la note.')
    .max(4000, 'Une note fait 4 000 caractères au plus.'),
});

const message = z.string().trim().min(1, 'Écrivez un message pour la personne.').max(4000);
export const decisionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('approve') }),
  z.object({
    kind: z.literal('request_correction'),
    reasonCode: z.enum(Object.keys(CORRECTION_REASONS) as [keyof typeof CORRECTION_REASONS], {
      error: 'Choisissez un motif.',
    }),
    message,
    fields: z
      .array(z.enum(Object.keys(FORM_SECTIONS) as [keyof typeof FORM_SECTIONS]))
      .min(1, 'Indiquez au moins une partie du dossier à corriger.'),
  }),
  z.object({
    kind: z.literal('reject'),
    reasonCode: z.enum(Object.keys(REJECTION_REASONS) as [keyof typeof REJECTION_REASONS], {
      error: 'Choisissez un motif.',
    }),
    message,
  }),
]);

export const assignSchema = z.object({ moderatorId: z.uuid('Choisissez une personne.') });
// No free text: the reason travels in the workflow's history, where only codes may go.
export const reassignSchema = z.object({ officeId: officeIdSchema });

export function staffCaseRoutes(deps: ApiDeps) {
  const router = newRouter('/api/staff/cases');
  const { db, storage } = deps;
  const commands = caseCommands(deps);
  router.use(requireRole('moderator', 'supervisor'));

  /** The case, if it belongs to one of the actor's offices. */
  async function visibleCase(ctx: AppContext) {
    const { actor } = signedIn(ctx);
    const registration = await findRegistration(db, deps.keys, String(ctx.params.id));
    if (!registration) throw notFound();
    const kase = await findCase(db, registration.id);
    if (!kase.officeId || !actor.officeIds.includes(kase.officeId)) throw notFound();
    return { registration, kase };
  }

  router.get('/', async (ctx) => {
    const { actor } = signedIn(ctx);
    const filter = parse(queueFilterSchema, ctx.query);
    const page = parse(pageSchema, ctx.query);
    const now = new Date();
    const [{ items, next }, counts, offices, departements] = await Promise.all([
      queuePage(db, filter, actor, page, now),
      queueCounts(db, filter, actor, now),
      db('offices').whereIn('id', actor.officeIds).orderBy('name').select('id', 'name'),
      db('routing')
        .whereIn('office_id', actor.officeIds)
        .orderBy('departement_code')
        .pluck('departement_code'),
    ]);
    ctx.body = {
      items,
      next,
      total: counts.total,
      overdue: counts.overdue,
      byStatus: counts.byStatus,
      expired: counts.expired,
      // What she may filter on: her offices and the départements routed to them.
      offices,
      departements,
    } satisfies View<typeof queueView>;
  });

  router.get('/:id', async (ctx) => {
    const { registration, kase } = await visibleCase(ctx);
    const { actor } = signedIn(ctx);
    const identityCheck = await identityCheckOf(db, registration.id);
    // A change waiting for this decision: the automatic checks judge the agrément it proposes.
    const pendingChange = await pendingChangeOf(deps, registration.id);
    ctx.body = {
      id: registration.id,
      case: {
        ...kase,
        ...staffExplanationFor(kase.status, kase.closureReason),
        overdue: kase.dueAt !== null && kase.dueAt < new Date(),
      },
      sections: sectionsOf(registration),
      identityCheck: identityCheck ?? null,
      facts: await factsOf(db, registration.id, registration, pendingChange),
      documents: (await documentsOf(db, registration.id)).filter((d) => d.status === 'accepted'),
      duplicates: await visibleDuplicates(db, registration.id, registration, actor.officeIds),
      timeline: await timeline(db, registration.id, 'staff'),
      notes: await notesOf(db, registration.id),
      // A change to a published profile waiting for this decision, and where she stands on declarations.
      pendingChange,
      closedChange:
        kase.status === 'closed'
          ? await lastDecidedChangeOf(deps, registration.id, ['closed_with_case'])
          : null,
      declaration: await declarationOf(db, registration.id),
      agrementStanding: await standingView(db, registration),
      // Whom a supervisor may give the case to: the moderators of its office.
      assignees:
        actor.role === 'supervisor' && kase.officeId ? await officeModerators(db, kase.officeId) : [],
    } satisfies View<typeof staffCaseView>;
    await audit(db, actor, 'case.viewed', { type: 'registration', id: registration.id });
  });

  router.post('/:id/notes', async (ctx) => {
    const { registration } = await visibleCase(ctx);
    const { actor } = signedIn(ctx);
    const { body } = parse(noteSchema, ctx.request.body);
    await db.transaction(async (trx) => {
      const [note] = await trx('case_notes')
        .insert({ registration_id: registration.id, author_id: actor.userId, body })
        .returning('id');
      // The note itself is personal free text: the audit keeps its id, not its words.
      await audit(
        trx,
        actor,
        'case.note_added',
        { type: 'registration', id: registration.id },
        { noteId: note.id },
      );
    });
    ctx.status = 201;
    ctx.body = { notes: await notesOf(db, registration.id) } satisfies View<typeof notesView>;
  });

  router.get('/:id/documents/:documentId/content', async (ctx) => {
    const { registration } = await visibleCase(ctx);
    const documentId = String(ctx.params.documentId);
    const document = isUuid(documentId)
      ? await db('documents')
          .where({ id: documentId, registration_id: registration.id, status: 'accepted' })
          .first()
      : null;
    if (!document) throw notFound();
    await audit(db, signedIn(ctx).actor, 'document.viewed', { type: 'document', id: document.id });
    await streamDocument(ctx, storage, document);
  });

  router.post('/:id/claim', async (ctx) => {
    const { registration } = await visibleCase(ctx);
    const { actor } = signedIn(ctx);
    // Its audit line is written by the workflow's activity, with the claim (activities/projection.ts).
    const view = await commands.claim(registration.id, actor);
    ctx.body = view satisfies View<typeof caseCommandView>;
  });

  router.post('/:id/release', async (ctx) => {
    const { registration } = await visibleCase(ctx);
    const { actor } = signedIn(ctx);
    const view = await commands.release(registration.id, actor);
    ctx.body = view satisfies View<typeof caseCommandView>;
  });

  router.post('/:id/assign', requireRole('supervisor'), async (ctx) => {
    const { registration } = await visibleCase(ctx);
    const { actor } = signedIn(ctx);
    const { moderatorId } = parse(assignSchema, ctx.request.body);
    const moderator = await db('users')
      .where({ id: moderatorId, role: 'moderator' })
      .first('id', 'office_id');
    if (!moderator)
      throw new Problem(422, 'invalid_input', 'Cette personne n’est pas modératrice.', [
        { path: 'moderatorId', message: 'Modératrice inconnue.' },
      ]);
    const view = await commands.assign(registration.id, actor, {
      userId: moderator.id,
      officeId: moderator.office_id,
    });
    ctx.body = view satisfies View<typeof caseCommandView>;
  });

  router.post('/:id/reassign', requireRole('supervisor'), async (ctx) => {
    const { registration } = await visibleCase(ctx);
    const { actor } = signedIn(ctx);
    const input = parse(reassignSchema, ctx.request.body);
    const office = await db('offices').where({ id: input.officeId }).first('id', 'target_working_days');
    if (!office)
      throw new Problem(422, 'invalid_input', 'CAF inconnue.', [
        { path: 'officeId', message: 'CAF inconnue.' },
      ]);
    const view = await commands.reassign(registration.id, actor, {
      toOfficeId: office.id,
      targetWorkingDays: office.target_working_days,
      reason: null,
    });
    ctx.body = view satisfies View<typeof caseCommandView>;
  });

  router.post('/:id/decision', async (ctx) => {
    const { registration } = await visibleCase(ctx);
    const { actor } = signedIn(ctx);
    const input = parse(decisionSchema, ctx.request.body);
    // Closed, nothing is left to decide: a change waiting then was closed with the case.
    await refuseDecisionWhenClosed(db, registration.id);
    // The message is personal: it stays in PostgreSQL and only its id goes to the workflow.
    const messageId =
      input.kind === 'approve'
        ? null
        : (
            await db('case_messages')
              .insert({
                registration_id: registration.id,
                author_id: actor.userId,
                kind: input.kind === 'reject' ? 'rejection' : 'correction_request',
                reason_code: input.reasonCode,
                body: input.message,
                fields: input.kind === 'request_correction' ? input.fields : [],
              })
              .returning('id')
          )[0].id;
    try {
      const view = await commands.decide(registration.id, { actor, kind: input.kind, messageId });
      ctx.body = { status: view.status } satisfies View<typeof caseStatusView>;
    } catch (error) {
      if (messageId) await db('case_messages').where({ id: messageId }).delete();
      throw error;
    }
  });

  return router;
}
