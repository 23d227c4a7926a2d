/**
 * Her consent to a relay's help: the relays covering the commune where she works, the one she lets
 * help her (one at a time; choosing another withdraws the first), withdrawn in one action. She and
 * the relay are emailed, every grant and withdrawal is audited. Only her own registration: else 404.
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import { RELAY_CONSENT_STATEMENT, RELAY_RULES } from '../../domain/relays.ts';
import { audit } from '../audit.ts';
import { requireRole, signedIn } from '../auth/middleware.ts';
import { findRegistration, type RegistrationRow } from '../cases/read-model.ts';
import { newRouter, type ApiDeps, type AppContext } from '../context.ts';
import { notFound, parse, Problem } from '../problem.ts';
import { queueRelayMail } from '../relays/mails.ts';
import {
  activeConsentOf,
  relayRecord,
  relaysCovering,
  workCommuneOf,
  type RelayRecord,
} from '../relays/records.ts';
import { type View } from '../views/common.ts';
import { relayConsentGrantedView, relayConsentView, relayConsentWithdrawnView } from '../views/relays.ts';
import type { Db } from '../../infra/db.ts';

export const consentSchema = z.object({ relayId: z.uuid('Choisissez un relais dans la liste.') });

/** A relay as she and parents see it: its contact, not its communes. */
export const relayContact = ({ departement: _d, communes: _c, ...contact }: RelayRecord) => contact;

/**
 * Withdraws her active consent, if any, telling her and the relay; returns the relay withdrawn. Run
 * in the action's transaction, whose lines `consentLine` writes last (they take the chain's lock).
 */
async function endConsent(
  trx: Knex.Transaction,
  ctx: AppContext,
  registration: RegistrationRow,
): Promise<RelayRecord | null> {
  const consent = await activeConsentOf(trx, registration.id);
  if (!consent) return null;
  const withdrawn = await trx('relay_consents')
    .where({ id: consent.id })
    .whereNull('withdrawn_at')
    .update({ withdrawn_at: trx.fn.now() });
  if (!withdrawn) return null;
  const relay = (await relayRecord(trx, consent.relayId))!;
  await tellBoth(trx, ctx, registration, relay, 'relay_consent_withdrawn');
  return relay;
}

/** The audit line of her grant or withdrawal, in the transaction that makes it. */
const consentLine = (
  trx: Knex.Transaction,
  ctx: AppContext,
  registration: RegistrationRow,
  action: 'relay.consent_granted' | 'relay.consent_withdrawn',
  relay: RelayRecord,
) =>
  audit(
    trx,
    signedIn(ctx).actor,
    action,
    { type: 'registration', id: registration.id },
    { relayId: relay.id },
  );

async function tellBoth(
  db: Db,
  ctx: AppContext,
  registration: RegistrationRow,
  relay: RelayRecord,
  kind: 'relay_consent_granted' | 'relay_consent_withdrawn',
) {
  const { user } = signedIn(ctx);
  const mail = { kind, relayName: relay.name, childminderName: user.displayName };
  await queueRelayMail(
    db,
    { email: user.email, audience: 'childminder', registrationId: registration.id },
    mail,
  );
  if (relay.email)
    await queueRelayMail(
      db,
      { email: relay.email, audience: 'relay', registrationId: registration.id },
      mail,
    );
}

export function relayConsentRoutes(deps: ApiDeps) {
  const router = newRouter('/api/registrations/:id/relay');
  const { db } = deps;
  router.use(requireRole('childminder'));

  async function ownRegistration(ctx: AppContext) {
    const registration = await findRegistration(db, deps.keys, String(ctx.params.id));
    if (!registration || registration.userId !== signedIn(ctx).user.id) throw notFound();
    return registration;
  }

  router.get('/', async (ctx) => {
    const registration = await ownRegistration(ctx);
    const commune = workCommuneOf(registration);
    const consent = await activeConsentOf(db, registration.id);
    const consented = consent ? await relayRecord(db, consent.relayId) : null;
    const requests = await db('relay_consent_requests')
      .where({ registration_id: registration.id })
      .whereNull('answered_at')
      .orderBy('created_at')
      .select('relay_id', 'created_at');
    const requesting = await Promise.all(
      requests.map(async (r) => ({
        relay: relayContact((await relayRecord(db, r.relay_id))!),
        createdAt: r.created_at,
      })),
    );
    ctx.body = {
      relays: (commune ? await relaysCovering(db, commune) : []).map(relayContact),
      consent: consent && consented ? { relay: relayContact(consented), grantedAt: consent.grantedAt } : null,
      requests: requesting,
      statement: {
        sees: [...RELAY_CONSENT_STATEMENT.sees],
        does: [...RELAY_CONSENT_STATEMENT.does],
        never: [...RELAY_CONSENT_STATEMENT.never],
        after: RELAY_CONSENT_STATEMENT.after,
      },
    } satisfies View<typeof relayConsentView>;
  });

  router.post('/consent', async (ctx) => {
    const registration = await ownRegistration(ctx);
    const { relayId } = parse(consentSchema, ctx.request.body);
    const commune = workCommuneOf(registration);
    const relay = commune ? (await relaysCovering(db, commune)).find((r) => r.id === relayId) : undefined;
    if (!relay)
      throw new Problem(422, 'relay_not_covering', RELAY_RULES.relay_not_covering, [
        { path: 'relayId', message: RELAY_RULES.relay_not_covering },
      ]);
    const current = await activeConsentOf(db, registration.id);
    if (current?.relayId !== relay.id) {
      // The previous one withdrawn, this one granted, the requests answered, the emails and the lines: one transaction.
      await db.transaction(async (trx) => {
        const withdrawn = await endConsent(trx, ctx, registration);
        // The partial unique index keeps one consent: a racing grant fails here rather than making two.
        await trx('relay_consents').insert({ registration_id: registration.id, relay_id: relay.id });
        await trx('relay_consent_requests')
          .where({ registration_id: registration.id, relay_id: relay.id })
          .whereNull('answered_at')
          .update({ answered_at: trx.fn.now() });
        await tellBoth(trx, ctx, registration, relay, 'relay_consent_granted');
        if (withdrawn) await consentLine(trx, ctx, registration, 'relay.consent_withdrawn', withdrawn);
        await consentLine(trx, ctx, registration, 'relay.consent_granted', relay);
      });
    }
    ctx.status = 201;
    ctx.body = { relayId: relay.id } satisfies View<typeof relayConsentGrantedView>;
  });

  router.post('/withdraw', async (ctx) => {
    const registration = await ownRegistration(ctx);
    const relay = await db.transaction(async (trx) => {
      const withdrawn = await endConsent(trx, ctx, registration);
      if (withdrawn) await consentLine(trx, ctx, registration, 'relay.consent_withdrawn', withdrawn);
      return withdrawn;
    });
    ctx.body = { withdrawn: relay !== null } satisfies View<typeof relayConsentWithdrawnView>;
  });

  return router;
}
