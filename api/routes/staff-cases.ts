/**
 * Moderation: the queue of an office, the case view with its facts, and decisions. A moderator only
 * ever sees her office's cases: another office's case answers 404, as if it did not exist.
 */
import { z } from 'zod';
import { CASE_STATUSES, STATUS_EXPLANATIONS } from '../../domain/case-status.ts';
import { CORRECTION_REASONS, FORM_SECTIONS, REJECTION_REASONS } from '../../domain/decisions.ts';
import { audit } from '../audit.ts';
import { requireRole, signedIn } from '../auth/middleware.ts';
import { caseCommands } from '../cases/commands.ts';
import { factsOf } from '../cases/facts.ts';
import { documentsOf, findCase, findRegistration, isUuid, timeline } from '../cases/read-model.ts';
import { newRouter, type ApiDeps, type AppContext } from '../context.ts';
import { notFound, parse, Problem } from '../problem.ts';
import { streamDocument } from './documents.ts';

const queueSchema = z.object({
  status: z.enum(CASE_STATUSES).default('in_moderation'),
  office: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Keyset cursor: the last row's `submittedAt|registrationId`. */
  after: z.string().optional(),
});

const message = z.string().trim().min(1, 'Écrivez un message pour la personne.').max(4000);
const decisionSchema = z.discriminatedUnion('kind', [
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

export function staffCaseRoutes(deps: ApiDeps) {
  const router = newRouter('/api/staff/cases');
  const { db, storage } = deps;
  const commands = caseCommands(deps);
  router.use(requireRole('moderator', 'supervisor'));

  /** The case, if it belongs to one of the actor's offices. */
  async function visibleCase(ctx: AppContext) {
    const { actor } = signedIn(ctx);
    const registration = await findRegistration(db, String(ctx.params.id));
    if (!registration) throw notFound();
    const kase = await findCase(db, registration.id);
    if (!kase.officeId || !actor.officeIds.includes(kase.officeId)) throw notFound();
    return { registration, kase };
  }

  router.get('/', async (ctx) => {
    const { actor } = signedIn(ctx);
    const query = parse(queueSchema, ctx.query);
    const offices = query.office ? actor.officeIds.filter((id) => id === query.office) : actor.officeIds;
    let builder = db('cases as c')
      .join('registrations as r', 'r.id', 'c.registration_id')
      .whereIn('c.office_id', offices)
      .andWhere('c.status', query.status)
      .orderBy([{ column: 'c.submitted_at' }, { column: 'c.registration_id' }])
      .limit(query.limit + 1)
      .select(
        'c.registration_id as id',
        'c.status',
        'c.office_id as officeId',
        'c.departement',
        'c.identity_outcome as identityOutcome',
        'c.submitted_at as submittedAt',
        'c.status_since as statusSince',
        'c.due_at as dueAt',
        'c.holder_id as holderId',
        db.raw(`coalesce(r.identity->>'usageName', r.identity->>'birthName') as "lastName"`),
        db.raw(`r.identity->'firstNames'->>0 as "firstName"`),
      );
    if (query.after) {
      const [submittedAt, id] = query.after.split('|');
      if (submittedAt && id && isUuid(id)) {
        builder = builder.andWhereRaw('(c.submitted_at, c.registration_id) > (?, ?)', [submittedAt, id]);
      }
    }
    const rows = await builder;
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const [counted] = await db('cases')
      .whereIn('office_id', offices)
      .andWhere('status', query.status)
      .count<{ count: string }[]>();
    ctx.body = {
      items: page,
      total: Number(counted?.count ?? 0),
      next:
        rows.length > query.limit && last ? `${new Date(last.submittedAt).toISOString()}|${last.id}` : null,
    };
  });

  router.get('/:id', async (ctx) => {
    const { registration, kase } = await visibleCase(ctx);
    const identityCheck = await db('identity_checks')
      .where({ registration_id: registration.id })
      .orderBy('checked_at', 'desc')
      .first('outcome', 'fields', 'checked_at as checkedAt');
    ctx.body = {
      id: registration.id,
      case: { ...kase, ...STATUS_EXPLANATIONS[kase.status] },
      sections: {
        identity: registration.identity,
        agrement: registration.agrement,
        contact: registration.contact,
        availability: registration.availability,
      },
      identityCheck: identityCheck ?? null,
      facts: await factsOf(db, registration.id, registration),
      documents: (await documentsOf(db, registration.id)).filter((d) => d.status === 'accepted'),
      timeline: await timeline(db, registration.id, 'staff'),
    };
    await audit(db, signedIn(ctx).actor, 'case.viewed', { type: 'registration', id: registration.id });
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
    const view = await commands.claim(registration.id, actor);
    await audit(db, actor, 'case.claimed', { type: 'registration', id: registration.id });
    ctx.body = view;
  });

  router.post('/:id/release', async (ctx) => {
    const { registration, kase } = await visibleCase(ctx);
    const { actor } = signedIn(ctx);
    const view = await commands.release(registration.id, actor);
    await audit(
      db,
      actor,
      'case.released',
      { type: 'registration', id: registration.id },
      { holderId: kase.holderId },
    );
    ctx.body = view;
  });

  router.post('/:id/assign', requireRole('supervisor'), async (ctx) => {
    const { registration } = await visibleCase(ctx);
    const { actor } = signedIn(ctx);
    const { moderatorId } = parse(
      z.object({ moderatorId: z.uuid('Choisissez une personne.') }),
      ctx.request.body,
    );
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
    await audit(
      db,
      actor,
      'case.assigned',
      { type: 'registration', id: registration.id },
      { holderId: moderator.id },
    );
    ctx.body = view;
  });

  router.post('/:id/reassign', requireRole('supervisor'), async (ctx) => {
    const { registration, kase } = await visibleCase(ctx);
    const { actor } = signedIn(ctx);
    const input = parse(
      z.object({
        officeId: z.string().min(1, 'Choisissez une CAF.'),
        reason: z.string().trim().max(500).optional(),
      }),
      ctx.request.body,
    );
    const office = await db('offices').where({ id: input.officeId }).first('id', 'target_working_days');
    if (!office)
      throw new Problem(422, 'invalid_input', 'CAF inconnue.', [
        { path: 'officeId', message: 'CAF inconnue.' },
      ]);
    const view = await commands.reassign(registration.id, actor, {
      toOfficeId: office.id,
      targetWorkingDays: office.target_working_days,
      reason: input.reason || null,
    });
    await audit(
      db,
      actor,
      'case.reassigned',
      { type: 'registration', id: registration.id },
      { from: kase.officeId, to: office.id },
    );
    ctx.body = view;
  });

  router.post('/:id/decision', async (ctx) => {
    const { registration } = await visibleCase(ctx);
    const { actor } = signedIn(ctx);
    const input = parse(decisionSchema, ctx.request.body);
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
      await audit(
        db,
        actor,
        `case.${input.kind}`,
        { type: 'registration', id: registration.id },
        {
          reasonCode: 'reasonCode' in input ? input.reasonCode : null,
          messageId,
        },
      );
      ctx.body = { status: view.status };
    } catch (error) {
      if (messageId) await db('case_messages').where({ id: messageId }).delete();
      throw error;
    }
  });

  return router;
}
