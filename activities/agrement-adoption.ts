/**
 * At her activation, the départements' notifications that matched nobody when they came (she had
 * not registered yet) and are about her agrément: applied to her case before she is published, in
 * order of effective date, each once (the row leaves `unmatched` in the transaction that applies
 * it), audited. The answer is every notification applied to her case so far, for her lifecycle to
 * tell her (timeline and email): a retried activity applies nothing again and answers the same.
 */
import type { Knex } from 'knex';
import { audit } from '../api/audit.ts';
import { applyToHolder, standingFor } from '../api/departements/standing.ts';
import {
  IN_GOOD_STANDING,
  identityAgrees,
  notificationEffect,
  type AgrementStanding,
  type DepartementNotification,
  type MatchCandidate,
  type NotificationKind,
} from '../domain/agrement-notifications.ts';
import type { Db } from '../infra/db.ts';
import type { AgrementNotice } from '../workflows/agrement-standing.ts';

/** What her lifecycle starts with about her agrément: ids, codes and instants only. */
export interface AgrementAtActivation {
  standing: AgrementStanding;
  notices: AgrementNotice[];
}

interface StoredNotification {
  id: string;
  departement: string;
  reference: string;
  kind: NotificationKind;
  agrement_number: string;
  birth_name: string;
  birth_date: string;
  effective_at: Date;
  ends_at: Date | null;
  reason: string;
  details: { expiryDate?: string; capacity?: number; workplace?: 'home' | 'mam' };
  channel: string;
}

const columns = (db: Knex) => [
  'id',
  'departement',
  'reference',
  'kind',
  'agrement_number',
  'birth_name',
  db.raw(`to_char(birth_date, 'YYYY-MM-DD') as birth_date`),
  'effective_at',
  'ends_at',
  'reason',
  'details',
  'channel',
];

/** The notification as it was received (its dates as the instants stored). */
function asReceived(row: StoredNotification): DepartementNotification {
  return {
    kind: row.kind,
    reference: row.reference,
    agrementNumber: row.agrement_number,
    birthName: row.birth_name,
    birthDate: row.birth_date,
    effectiveDate: row.effective_at.toISOString(),
    endDate: row.ends_at ? row.ends_at.toISOString() : null,
    reason: row.reason,
    expiryDate: row.details.expiryDate ?? null,
    capacity: row.details.capacity ?? null,
    workplace: row.details.workplace ?? null,
  };
}

/** Applies, in `trx`, the notifications waiting for her agrément whose birth name and date agree. */
async function applyWaiting(trx: Knex.Transaction, registrationId: string): Promise<void> {
  const her = await trx('registrations')
    .where({ id: registrationId })
    .first<
      | { identity: MatchCandidate | null; agrement: { number: string; departement: string } | null }
      | undefined
    >('identity', 'agrement');
  if (!her?.identity || !her.agrement) return;
  // Locked: a retry running beside a late attempt finds them applied once it gets them.
  const waiting = await trx('agrement_notifications')
    .where({ departement: her.agrement.departement, outcome: 'unmatched' })
    .whereRaw('upper(agrement_number) = upper(?)', [her.agrement.number])
    .orderBy([{ column: 'effective_at' }, { column: 'received_at' }])
    .forUpdate()
    .select<StoredNotification[]>(columns(trx));
  const lines: { action: string; detail: Record<string, unknown> }[] = [];
  for (const row of waiting) {
    const n = asReceived(row);
    // Someone else's (a typo in the number): it stays in the pivot CAF's list for a person to resolve.
    if (!identityAgrees(her.identity, n)) continue;
    const applied = await applyToHolder(trx, registrationId, n);
    const common = { notificationId: row.id, departement: row.departement, channel: row.channel };
    if ('refused' in applied) {
      await trx('agrement_notifications')
        .where({ id: row.id })
        .update({ outcome: 'refused', refusal: applied.refused, registration_id: registrationId });
      lines.push({
        action: 'agrement.notification_refused',
        detail: { ...common, refusal: applied.refused },
      });
      continue;
    }
    await trx('agrement_notifications')
      .where({ id: row.id })
      .update({ outcome: 'applied', registration_id: registrationId, applied_at: trx.fn.now() });
    lines.push({
      action: `agrement.${row.kind}`,
      detail: { ...common, reason: row.reason, atActivation: true },
    });
  }
  // The audit lines last: other writers of the log wait on its lock until this commits.
  for (const line of lines)
    await audit(trx, null, line.action, { type: 'registration', id: registrationId }, line.detail);
}

/** Every notification applied to her case, in the order applied, each with her standing after it. */
async function appliedSoFar(db: Db, registrationId: string): Promise<AgrementAtActivation> {
  const rows = await db('agrement_notifications')
    .where({ registration_id: registrationId, outcome: 'applied' })
    .orderBy([{ column: 'applied_at' }, { column: 'effective_at' }, { column: 'received_at' }])
    .select<StoredNotification[]>(columns(db));
  let standing = IN_GOOD_STANDING;
  const notices = rows.map((row): AgrementNotice => {
    const effect = notificationEffect(standing, asReceived(row));
    if (!('refused' in effect) && effect.kind === 'standing') standing = effect.standing;
    return { notificationId: row.id, kind: row.kind, standing };
  });
  return { standing: await standingFor(db, registrationId), notices };
}

export function agrementAdoptionActivities(db: Db) {
  return {
    /** Applies what waited for her agrément, once; answers all that her lifecycle is to tell her. */
    async adoptWaitingNotifications(registrationId: string): Promise<AgrementAtActivation> {
      await db.transaction((trx) => applyWaiting(trx, registrationId));
      return appliedSoFar(db, registrationId);
    },
  };
}
