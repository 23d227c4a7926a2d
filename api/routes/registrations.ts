/**
 * The childminder's own registration: the draft section by section, submission, resubmission after
 * a correction request, and the status page's data. A registration is only ever visible to its owner
 * (anyone else gets 404, which does not reveal that it exists).
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { explanationFor, type CaseStatus } from '../../domain/case-status.ts';
import { SECTIONS, missingSections, type Identity, type Section } from '../../domain/registration.ts';
import { identityColumns } from '../../infra/sealed-nir.ts';
import { audit } from '../audit.ts';
import { requireRole, signedIn } from '../auth/middleware.ts';
import { caseCommands } from '../cases/commands.ts';
import { draftSubmitted, draftSaved } from '../cases/draft-deadline.ts';
import {
  documentsOf,
  findCase,
  findRegistration,
  latestMessage,
  timeline,
  type RegistrationRow,
} from '../cases/read-model.ts';
import { identityWarnings, validateComplete, validateSection } from '../cases/registration-checks.ts';
import { newRouter, type ApiDeps, type AppContext } from '../context.ts';
import { notFound, Problem } from '../problem.ts';
import { caseQuery, registrationWorkflowId } from '../../workflows/registration.ts';
import {
  caseStatusView,
  registrationIdView,
  registrationView,
  sectionSavedView,
} from '../views/registration.ts';
import { type View } from '../views/common.ts';
import { standingView } from '../departements/closure.ts';

/** Sections can be edited while she prepares or corrects her case; otherwise the case is with the CAF. */
const EDITABLE_STATUSES = new Set(['draft', 'correction_requested']);

/** Statuses her own action ends: right after she submits, the projection may not have caught up yet. */
const AWAITING_HER = new Set<CaseStatus>(['draft', 'correction_requested']);

export function registrationRoutes(deps: ApiDeps) {
  const router = newRouter('/api/registrations');
  const { db } = deps;
  const commands = caseCommands(deps);
  router.use(requireRole('childminder'));

  async function ownRegistration(ctx: AppContext): Promise<RegistrationRow> {
    const { user } = signedIn(ctx);
    const registration = await findRegistration(db, deps.keys, String(ctx.params.id));
    if (!registration || registration.userId !== user.id) throw notFound();
    return registration;
  }

  router.post('/', async (ctx) => {
    const { user, actor } = signedIn(ctx);
    const created = await db.transaction(async (trx) => {
      const [created] = await trx('registrations')
        .insert({ user_id: user.id })
        .onConflict('user_id')
        .ignore()
        .returning('id');
      if (!created) return null;
      await audit(trx, actor, 'registration.created', { type: 'registration', id: created.id });
      return created as { id: string };
    });
    // Its retention deadline starts once the draft and its line are committed.
    if (created) await draftSaved(deps, { id: created.id, submittedAt: null });
    const row: { id: string } =
      created ?? (await db('registrations').where({ user_id: user.id }).first('id'));
    ctx.status = created ? 201 : 200;
    ctx.body = { id: row.id } satisfies View<typeof registrationIdView>;
  });

  /**
   * The case as she just left it (read your own write): when the projection still shows a status
   * that her submission ended, the workflow is asked, and its status wins if it is further along.
   */
  async function currentCase(registration: RegistrationRow) {
    const kase = await findCase(db, registration.id);
    if (!registration.submittedAt || !AWAITING_HER.has(kase.status)) return kase;
    try {
      const live = await deps.temporal.workflow
        .getHandle(registrationWorkflowId(registration.id))
        .query(caseQuery);
      return live.seq > kase.seq
        ? {
            ...kase,
            status: live.status,
            seq: live.seq,
            submittedAt: kase.submittedAt ?? registration.submittedAt,
          }
        : kase;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return kase;
      throw error;
    }
  }

  router.get('/:id', async (ctx) => {
    const registration = await ownRegistration(ctx);
    const kase = await currentCase(registration);
    ctx.body = {
      id: registration.id,
      emailVerified: signedIn(ctx).user.emailVerified,
      sections: {
        identity: registration.identity,
        agrement: registration.agrement,
        contact: registration.contact,
        availability: registration.availability,
      },
      missingSections: missingSections(registration),
      editable: EDITABLE_STATUSES.has(kase.status),
      case: {
        status: kase.status,
        officeName: kase.officeName,
        submittedAt: kase.submittedAt,
        statusSince: kase.status === 'draft' ? null : kase.statusSince,
        decidedAt: kase.decidedAt,
        seq: kase.seq,
        // Her identity check's outcome: the page says what anything but "certified" means for her.
        identityOutcome: kase.identityOutcome,
        closureReason: kase.closureReason,
        ...explanationFor(kase.status, kase.closureReason),
      },
      correction:
        kase.status === 'correction_requested'
          ? await latestMessage(db, registration.id, 'correction_request')
          : null,
      rejection: kase.status === 'rejected' ? await latestMessage(db, registration.id, 'rejection') : null,
      documents: await documentsOf(db, registration.id),
      timeline: await timeline(db, registration.id, 'childminder'),
      warnings: registration.identity ? await identityWarnings(db, registration.identity) : [],
      agrementStanding: await standingView(db, registration),
    } satisfies View<typeof registrationView>;
  });

  router.put('/:id/sections/:section', async (ctx) => {
    const registration = await ownRegistration(ctx);
    const section = String(ctx.params.section) as Section;
    if (!SECTIONS.includes(section)) throw notFound();
    const kase = await findCase(db, registration.id);
    if (!EDITABLE_STATUSES.has(kase.status)) {
      throw new Problem(
        409,
        'registration_locked',
        'Votre dossier est en cours de traitement : il ne peut pas être modifié pour le moment.',
      );
    }
    const value = await validateSection(db, section, ctx.request.body, registration);
    // Her NIR is sealed and indexed on its way in (infra/sealed-nir.ts); her answer shows it in clear.
    const columns =
      section === 'identity'
        ? identityColumns(deps.keys, value as Identity, registration.id)
        : { [section]: JSON.stringify(value) };
    await db.transaction(async (trx) => {
      await trx('registrations')
        .where({ id: registration.id })
        .update({ ...columns, updated_at: trx.fn.now() });
      await audit(
        trx,
        signedIn(ctx).actor,
        'registration.section_saved',
        { type: 'registration', id: registration.id },
        { section },
      );
    });
    await draftSaved(deps, registration);
    ctx.body = { section, value } satisfies View<typeof sectionSavedView>;
  });

  router.post('/:id/submit', async (ctx) => {
    const registration = await ownRegistration(ctx);
    const { user, actor } = signedIn(ctx);
    validateComplete(registration);
    if (!user.emailVerified) {
      throw new Problem(
        409,
        'email_not_verified',
        'Confirmez d’abord votre adresse électronique : ouvrez le lien que nous vous avons envoyé, ou demandez-en un nouveau.',
      );
    }
    const view = await commands.submit(registration.id, registration.userId, actor);
    await db('registrations').where({ id: registration.id }).update({ submitted_at: db.fn.now() });
    // Its audit line is written by the workflow with the transition (workflows/registration.ts).
    await draftSubmitted(deps, registration.id);
    ctx.body = { status: view.status } satisfies View<typeof caseStatusView>;
  });

  router.post('/:id/resubmit', async (ctx) => {
    const registration = await ownRegistration(ctx);
    const { actor } = signedIn(ctx);
    validateComplete(registration);
    const view = await commands.resubmit(registration.id, actor);
    // Its audit line is written by the workflow with the transition (workflows/registration.ts).
    ctx.body = { status: view.status } satisfies View<typeof caseStatusView>;
  });

  return router;
}
