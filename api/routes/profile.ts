/**
 * After activation: her profile as verified and as published, her edits (applied at once or sent to
 * the pivot CAF), her availability declarations ("complète" and "indisponible" are one action each)
 * and the preview of what parents see. Only ever her own: anyone else gets 404.
 */
import { z } from 'zod';
import { overdueNotice, type AvailabilityStatus } from '../../domain/availability.ts';
import { explanationFor } from '../../domain/case-status.ts';
import { CHANGE_REASONS, PROFILE_SECTIONS } from '../../domain/profile-changes.ts';
import type { Section } from '../../domain/registration.ts';
import { requireRole, signedIn } from '../auth/middleware.ts';
import { caseCommands } from '../cases/commands.ts';
import {
  declarationOf,
  declareOneAction,
  lastDecidedChangeOf,
  pendingChangeOf,
  proposeProfileChange,
} from '../cases/profile-changes.ts';
import { findCase, findRegistration } from '../cases/read-model.ts';
import { caseClosure } from '../departements/closure.ts';
import { newRouter, type ApiDeps, type AppContext } from '../context.ts';
import { notFound, parse } from '../problem.ts';
import {
  availabilityDeclaredView,
  profileChangeView,
  profileView,
  publicProfileView,
} from '../views/registration.ts';
import { type View } from '../views/common.ts';

const ACTIVE_STATUSES = new Set(['active', 'change_in_moderation']);

/** The one-action declarations, and what they mean for her published availability. */
export const oneActionSchema = z.enum(['full', 'unavailable'] satisfies AvailabilityStatus[]);

export function profileRoutes(deps: ApiDeps) {
  const router = newRouter('/api/registrations/:id/profile');
  const { db } = deps;
  const commands = caseCommands(deps);
  router.use(requireRole('childminder'));

  async function ownRegistration(ctx: AppContext) {
    const { user } = signedIn(ctx);
    const registration = await findRegistration(db, deps.keys, String(ctx.params.id));
    if (!registration || registration.userId !== user.id) throw notFound();
    return registration;
  }

  router.get('/', async (ctx) => {
    const registration = await ownRegistration(ctx);
    const kase = await findCase(db, registration.id);
    const declaration = await declarationOf(db, registration.id);
    const closure = await caseClosure(db, registration.id);
    const published = await db('public_profiles')
      .where({ registration_id: registration.id })
      .first('updated_at as updatedAt');
    ctx.body = {
      id: registration.id,
      active: ACTIVE_STATUSES.has(kase.status) && closure === null,
      case: {
        status: kase.status,
        closureReason: kase.closureReason,
        officeName: kase.officeName,
        ...explanationFor(kase.status, kase.closureReason),
      },
      sections: {
        identity: registration.identity,
        agrement: registration.agrement,
        contact: registration.contact,
        availability: registration.availability,
      },
      pendingChange: await pendingChangeOf(deps, registration.id),
      lastDecision: await lastDecidedChangeOf(deps, registration.id),
      declaration: declaration && {
        ...declaration,
        overdueNotice: declaration.overdueDeadline ? overdueNotice(declaration.consecutiveMisses) : null,
      },
      publishedAt: published?.updatedAt ?? null,
      closure: closure && { code: closure.code, reason: closure.reason, message: closure.message },
    } satisfies View<typeof profileView>;
  });

  /** Exactly what a parent sees, from the published copy: nothing of her verified data beyond it. */
  router.get('/public', async (ctx) => {
    const registration = await ownRegistration(ctx);
    const row = await db('public_profiles')
      .where({ registration_id: registration.id })
      .first('profile', 'updated_at as updatedAt');
    if (!row) throw notFound();
    ctx.body = { profile: row.profile, updatedAt: row.updatedAt } satisfies View<typeof publicProfileView>;
  });

  router.put('/sections/:section', async (ctx) => {
    const registration = await ownRegistration(ctx);
    const section = String(ctx.params.section) as Section;
    if (!(PROFILE_SECTIONS as readonly string[]).includes(section)) throw notFound();
    const { actor } = signedIn(ctx);
    // Audited by her lifecycle with the change (api/cases/profile-changes.ts, ChangeAuditAs).
    const change = await proposeProfileChange(
      deps,
      commands,
      registration,
      actor,
      section,
      ctx.request.body,
      {
        audit: { applied: 'profile.changed', moderated: 'profile.change_proposed', detail: { section } },
      },
    );
    ctx.body = {
      section,
      outcome: change.outcome,
      reasons: change.reasons.map((code) => ({ code, label: CHANGE_REASONS[code] })),
    } satisfies View<typeof profileChangeView>;
  });

  router.post('/availability/:status', async (ctx) => {
    const registration = await ownRegistration(ctx);
    const status = parse(oneActionSchema, ctx.params.status);
    const { actor } = signedIn(ctx);
    const change = await declareOneAction(deps, commands, registration, actor, status, {
      audit: { applied: 'availability.declared', detail: { status } },
    });
    ctx.body = { section: 'availability', outcome: change.outcome, status } satisfies View<
      typeof availabilityDeclaredView
    >;
  });

  return router;
}
