/**
 * Her agrément's standing in PostgreSQL and the one way a notification changes it: the standing row
 * locked, the domain's effect computed, her standing or her agrément's data written (her published
 * copy following it). Shared by the notification received for a registered childminder and by the
 * ones that waited for her to register.
 */
import type { Knex } from 'knex';
import { expiredBefore } from '../../domain/agrement-expiry.ts';
import {
  IN_GOOD_STANDING,
  notificationEffect,
  type AgrementStanding,
  type DepartementNotification,
  type NotificationRefusal,
} from '../../domain/agrement-notifications.ts';
import { followAgrementChange } from '../search/published-copy.ts';

interface StandingRow {
  suspended_from: Date | null;
  suspended_until: Date | null;
  withdrawn_from: Date | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const standingOf = (row: StandingRow | undefined): AgrementStanding =>
  row
    ? {
        suspendedFrom: iso(row.suspended_from),
        suspendedUntil: iso(row.suspended_until),
        withdrawnFrom: iso(row.withdrawn_from),
      }
    : IN_GOOD_STANDING;

/** Her standing as the départements made it (in good standing without a row). */
export async function standingFor(db: Knex, registrationId: string): Promise<AgrementStanding> {
  return standingOf(await db('agrement_standing').where({ registration_id: registrationId }).first());
}

/**
 * Applies one notification to her case inside `trx`: her standing or her agrément's data. Returns
 * her standing before and after, or why it is refused (nothing written then).
 */
export async function applyToHolder(
  trx: Knex.Transaction,
  registrationId: string,
  n: DepartementNotification,
): Promise<{ refused: NotificationRefusal } | { before: AgrementStanding; after: AgrementStanding }> {
  // One notification at a time on her standing: two sent at once are applied one after the other.
  await trx('agrement_standing')
    .insert({ registration_id: registrationId })
    .onConflict('registration_id')
    .ignore();
  const before = standingOf(
    await trx('agrement_standing').where({ registration_id: registrationId }).forUpdate().first(),
  );
  const effect = notificationEffect(before, n);
  if ('refused' in effect) return effect;

  if (effect.kind === 'standing') {
    await trx('agrement_standing').where({ registration_id: registrationId }).update({
      suspended_from: effect.standing.suspendedFrom,
      suspended_until: effect.standing.suspendedUntil,
      withdrawn_from: effect.standing.withdrawnFrom,
      updated_at: trx.fn.now(),
    });
  } else if (effect.kind === 'agrement') {
    await trx('registrations')
      .where({ id: registrationId })
      .update({
        agrement: trx.raw('agrement || ?::jsonb', [JSON.stringify(effect.changes)]),
        updated_at: trx.fn.now(),
      });
    // Parents read the new capacity, and never more places than it allows, from this commit.
    await followAgrementChange(trx, registrationId);
  }
  return { before, after: effect.kind === 'standing' ? effect.standing : before };
}

/**
 * The same rule as `expiredAgrements`, as a condition on one joined registration row (`alias`): for a
 * page's few rows, one look-up of her standing each, instead of the whole set of expired agréments.
 */
export function agrementExpiredOf(db: Knex, alias: string, now: Date): Knex.Raw {
  return db.raw(
    `(??.agrement_expiry < ? and not exists (select 1 from agrement_standing xs
        where xs.registration_id = ??.id
          and ((xs.withdrawn_from is not null and xs.withdrawn_from <= ?)
               or coalesce(xs.suspended_from <= ? and xs.suspended_until > ?, false))))`,
    [alias, expiredBefore(now), alias, now, now, now],
  );
}

/**
 * The registrations whose agrément is expired at `now`, as agrementState says it (its last valid day
 * past, and neither withdrawn nor suspended now, which come first), for `whereIn(… id, …)`: found
 * through the index on the expiry (migrations/0022_case_closure.ts), the few of them.
 */
export function expiredAgrements(now: Date) {
  return (q: Knex.QueryBuilder) =>
    q
      .from('registrations as xr')
      .leftJoin('agrement_standing as xs', 'xs.registration_id', 'xr.id')
      .where('xr.agrement_expiry', '<', expiredBefore(now))
      .andWhere((w) => w.whereNull('xs.withdrawn_from').orWhere('xs.withdrawn_from', '>', now))
      .andWhereRaw('not coalesce(xs.suspended_from <= ? and xs.suspended_until > ?, false)', [now, now])
      .select('xr.id');
}
