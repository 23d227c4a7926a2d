/**
 * The relay's desk, for its agents: the figures of its communes (no consent needed: what anyone can
 * count from the published profiles), its list of consenting childminders filtered by need (and as
 * CSV), one childminder's case, and, for her, her availability and her contact details through the
 * very path she uses (api/cases/profile-changes.ts, her lifecycle's Update), marked, audited and
 * emailed to her. Without her consent, or once withdrawn, her case answers 404 on every route.
 */
import { AVAILABILITY_STATUSES, type AvailabilityStatus } from '../../domain/availability.ts';
import type { Actor } from '../../domain/case-rules.ts';
import { STAFF_STATUS_EXPLANATIONS } from '../../domain/case-status.ts';
import { PROFILE_SECTIONS } from '../../domain/profile-changes.ts';
import type { Section } from '../../domain/registration.ts';
import { DELEGABLE_SECTIONS, RELAY_NEEDS, RELAY_RULES, relayNeedSchema } from '../../domain/relays.ts';
import { z } from 'zod';
import { refuseWhenClosed } from '../departements/closure.ts';
import { audit } from '../audit.ts';
import { requireRole, signedIn } from '../auth/middleware.ts';
import { caseCommands } from '../cases/commands.ts';
import { declareOneAction, proposeProfileChange, type ChangeAuditAs } from '../cases/profile-changes.ts';
import { findRegistration, timeline } from '../cases/read-model.ts';
import { newRouter, type ApiDeps, type AppContext } from '../context.ts';
import { notFound, parse, Problem } from '../problem.ts';
import { consentingChildminders, relayListCsv } from '../relays/desk-query.ts';
import { queueRelayMail } from '../relays/mails.ts';
import { coversSql, relayFigures, relayRecord } from '../relays/records.ts';
import { type View } from '../views/common.ts';
import {
  relayActedView,
  relayChildminderView,
  relayConsentRequestedView,
  relayDeskView,
} from '../views/relays.ts';
import { oneActionSchema } from './profile.ts';

export const relayListQuerySchema = z.object({ besoin: relayNeedSchema.optional() });

const SECTION_WORDS: Record<string, string> = {
  contact: 'la mise à jour de vos coordonnées et de vos choix de publication',
  availability: 'la déclaration de vos disponibilités',
};

export function relayDeskRoutes(deps: ApiDeps) {
  const router = newRouter('/api/relay');
  const { db } = deps;
  const commands = caseCommands(deps);
  router.use(requireRole('relay'));

  async function ownRelay(ctx: AppContext) {
    const relayId = signedIn(ctx).user.relayId;
    const relay = relayId ? await relayRecord(db, relayId) : null;
    if (!relay) throw notFound();
    return relay;
  }

  /** A childminder who consents to this relay now, or 404 (the consent is read at every call). */
  async function consenting(ctx: AppContext) {
    const relay = await ownRelay(ctx);
    const id = String(ctx.params.id);
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
    const [row] = await consentingChildminders(db, relay.id, { registrationId: id });
    const registration = row ? await findRegistration(db, deps.keys, id) : null;
    if (!row || !registration) throw notFound();
    return { relay, row, registration };
  }

  router.get('/', async (ctx) => {
    const relay = await ownRelay(ctx);
    const { besoin } = parse(relayListQuerySchema, ctx.query);
    const items = await consentingChildminders(db, relay.id, { need: besoin });
    ctx.body = {
      relay,
      figures: await relayFigures(db, relay.id),
      items: items.map(({ userId: _u, grantedAt: _g, ...item }) => item),
    } satisfies View<typeof relayDeskView>;
  });

  router.get('/childminders.csv', async (ctx) => {
    const relay = await ownRelay(ctx);
    const { besoin } = parse(relayListQuerySchema, ctx.query);
    const rows = await consentingChildminders(db, relay.id, { need: besoin });
    await audit(
      db,
      signedIn(ctx).actor,
      'relay.list_exported',
      { type: 'relay', id: relay.id },
      { rows: rows.length },
    );
    ctx.set('content-type', 'text/csv; charset=utf-8');
    ctx.set('content-disposition', 'attachment; filename="assistantes-maternelles-relais.csv"');
    ctx.body = relayListCsv(rows, {
      status: (s) => STAFF_STATUS_EXPLANATIONS[s].label,
      need: (n) => RELAY_NEEDS[n],
      availability: (a) => AVAILABILITY_STATUSES[a as AvailabilityStatus] ?? a,
    });
  });

  router.get('/childminders/:id', async (ctx) => {
    const { relay, row, registration } = await consenting(ctx);
    const { userId: _u, ...item } = row;
    // Her contact details and timeline, read by staff: recorded like a moderator's read of her case.
    await audit(
      db,
      signedIn(ctx).actor,
      'case.viewed',
      { type: 'registration', id: registration.id },
      { relayId: relay.id },
    );
    ctx.body = {
      ...item,
      case: { status: row.caseStatus, ...STAFF_STATUS_EXPLANATIONS[row.caseStatus] },
      workplace: (registration.agrement as { workplace?: 'home' | 'mam' } | null)?.workplace ?? null,
      contact: registration.contact as Record<string, unknown> | null,
      availability: registration.availability as Record<string, unknown> | null,
      timeline: (await timeline(db, registration.id, 'childminder')).map((entry) => ({
        ...entry,
        message: null,
      })),
    } satisfies View<typeof relayChildminderView>;
  });

  /** The agent acting for her: the rule of her lifecycle lets a relay through for her only. */
  const delegate = (ctx: AppContext, ownerId: string): Actor => ({
    ...signedIn(ctx).actor,
    officeIds: [],
    onBehalfOf: ownerId,
  });

  /** The audit line of a relay's action for her, written by her lifecycle with the change. */
  function onHerBehalf(
    target: Awaited<ReturnType<typeof consenting>>,
    action: string,
    detail: Record<string, unknown>,
  ): ChangeAuditAs {
    return {
      applied: action,
      detail: { ...detail, relayId: target.relay.id, onBehalfOf: target.row.userId },
    };
  }

  /** Tells her what her relay did. */
  async function tellHer(target: Awaited<ReturnType<typeof consenting>>, section: string) {
    const { relay, row, registration } = target;
    const owner = await db('users').where({ id: row.userId }).first('email');
    await queueRelayMail(
      db,
      { email: owner.email, audience: 'childminder', registrationId: registration.id },
      {
        kind: 'relay_acted',
        relayName: relay.name,
        what: SECTION_WORDS[section]!,
        pageUrl: `${deps.publicUrl}/mon-dossier`,
      },
    );
  }

  /** Her case closed says why (api/departements/closure.ts); otherwise it must be active. */
  async function activeOrRefused(target: Awaited<ReturnType<typeof consenting>>) {
    await refuseWhenClosed(db, target.registration.id);
    if (target.row.caseStatus !== 'active' && target.row.caseStatus !== 'change_in_moderation')
      throw new Problem(409, 'not_active', RELAY_RULES.not_active);
  }

  router.put('/childminders/:id/sections/:section', async (ctx) => {
    const target = await consenting(ctx);
    const section = String(ctx.params.section) as Section;
    if (!(PROFILE_SECTIONS as readonly string[]).includes(section)) throw notFound();
    if (!(DELEGABLE_SECTIONS as readonly string[]).includes(section))
      throw new Problem(403, 'section_not_delegable', RELAY_RULES.section_not_delegable);
    await activeOrRefused(target);
    const actor = delegate(ctx, target.row.userId);
    const change = await proposeProfileChange(
      deps,
      commands,
      target.registration,
      actor,
      section,
      ctx.request.body,
      { relayId: target.relay.id, audit: onHerBehalf(target, 'profile.changed_by_relay', { section }) },
    );
    if (change.changeId) await tellHer(target, section);
    ctx.body = { section, outcome: change.outcome } satisfies View<typeof relayActedView>;
  });

  router.post('/childminders/:id/availability/:status', async (ctx) => {
    const target = await consenting(ctx);
    const status = parse(oneActionSchema, ctx.params.status);
    await activeOrRefused(target);
    const actor = delegate(ctx, target.row.userId);
    const change = await declareOneAction(deps, commands, target.registration, actor, status, {
      relayId: target.relay.id,
      audit: onHerBehalf(target, 'availability.declared_by_relay', { status }),
    });
    if (change.changeId) await tellHer(target, 'availability');
    ctx.body = { section: 'availability', outcome: change.outcome } satisfies View<typeof relayActedView>;
  });

  /**
   * Asks a published childminder of its communes for her consent: an email pointing to her page,
   * where she accepts or ignores it. Asking again while one waits changes nothing.
   */
  router.post('/childminders/:id/consent-request', async (ctx) => {
    const relay = await ownRelay(ctx);
    const id = String(ctx.params.id);
    const published = await db('search_profiles as sp')
      .join('registrations as r', 'r.id', 'sp.registration_id')
      .join('users as u', 'u.id', 'r.user_id')
      .where('sp.registration_id', /^[0-9a-f-]{36}$/i.test(id) ? id : null)
      .whereRaw(coversSql('?', 'sp.commune_code'), [relay.id])
      .first('r.id', 'u.email');
    if (!published) throw notFound();
    const inserted = await db.transaction(async (trx) => {
      const inserted = await trx('relay_consent_requests')
        .insert({ registration_id: published.id, relay_id: relay.id, requested_by: signedIn(ctx).user.id })
        .onConflict()
        .ignore()
        .returning('id');
      if (!inserted.length) return inserted;
      await queueRelayMail(
        trx,
        { email: published.email, audience: 'childminder', registrationId: published.id },
        { kind: 'relay_consent_requested', relayName: relay.name, pageUrl: `${deps.publicUrl}/mon-relais` },
      );
      await audit(
        trx,
        signedIn(ctx).actor,
        'relay.consent_requested',
        { type: 'registration', id: published.id },
        { relayId: relay.id },
      );
      return inserted;
    });
    ctx.status = 202;
    ctx.body = { requested: inserted.length > 0 } satisfies View<typeof relayConsentRequestedView>;
  });

  return router;
}
