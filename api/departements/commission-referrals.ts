/**
 * The département records that it referred a childminder to the departmental commission after her
 * missed declarations: a row of `commission_referrals`, one per run of misses, in one transaction
 * with its audit line, shown on her timeline. That is all it does. It never reaches her agrément's
 * standing, the notifications of api/departements/notifications.ts, her workflows nor her email:
 * ESLint forbids this module those imports (eslint.config.js), and a test checks her publication
 * and standing after a referral and many misses.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../domain/case-rules.ts';
import type { CaseStatus } from '../../domain/case-status.ts';
import {
  REFERRAL_REFUSALS,
  referralRefusal,
  type MissedDeclarationPolicy,
  type Referral,
} from '../../domain/missed-declarations.ts';
import { audit } from '../audit.ts';
import { notFound, Problem } from '../problem.ts';
import { missedDeclarations } from './missed-declarations.ts';

export interface RecordedReferral {
  outcome: 'recorded' | 'already_recorded';
  referral: {
    registrationId: string;
    referredOn: string;
    note: string | null;
    missedSince: Date;
    consecutiveMisses: number;
    recordedAt: Date;
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const referralColumns = (db: Knex) => [
  'registration_id as registrationId',
  db.raw(`to_char(referred_on, 'YYYY-MM-DD') as "referredOn"`),
  'note',
  'missed_since as missedSince',
  'consecutive_misses as consecutiveMisses',
  'created_at as recordedAt',
];

/**
 * Records the referral of the run of misses she is in, once: sent again, the first one stands.
 * Refused (404) for a childminder of another département, (409) for one not in the list or at her
 * first miss, (422) for a date after today or before the run's first missed deadline.
 */
export async function recordReferral(
  db: Knex,
  sender: { departement: string; actor: Pick<Actor, 'userId' | 'role'> },
  registrationId: string,
  referral: Referral,
  policy: MissedDeclarationPolicy | undefined,
): Promise<RecordedReferral> {
  if (!UUID.test(registrationId)) throw notFound();
  const hers = await db('registrations')
    .where({ id: registrationId, agrement_departement: sender.departement })
    .first('id');
  if (!hers) throw notFound();
  const now = new Date();
  const [missed] = (
    await missedDeclarations(db, sender.departement, { registrationId }, { page: 1, policy, now })
  ).items;
  const refusal = referralRefusal(missed ?? null, referral, now);
  if (refusal === 'referred_in_future' || refusal === 'referred_before_miss')
    throw new Problem(422, refusal, REFERRAL_REFUSALS[refusal], [
      { path: 'referredOn', message: REFERRAL_REFUSALS[refusal] },
    ]);
  if (refusal || !missed)
    throw new Problem(409, refusal ?? 'not_missed', REFERRAL_REFUSALS[refusal ?? 'not_missed']);
  const missedSince = missed.missedDeadlines[0]!;
  return db.transaction(async (trx) => {
    const inserted = await trx('commission_referrals')
      .insert({
        registration_id: registrationId,
        departement: sender.departement,
        missed_since: missedSince,
        consecutive_misses: missed.consecutiveMisses,
        referred_on: referral.referredOn,
        note: referral.note,
        referred_by: sender.actor.userId,
      })
      .onConflict(['registration_id', 'missed_since'])
      .ignore()
      .returning(referralColumns(trx));
    if (inserted.length) {
      // Her note stays out of the log: free text about a person.
      await audit(
        trx,
        sender.actor,
        'departement.commission_referral',
        { type: 'registration', id: registrationId },
        {
          departement: sender.departement,
          missedSince: missedSince.toISOString(),
          consecutiveMisses: missed.consecutiveMisses,
          referredOn: referral.referredOn,
        },
      );
      return { outcome: 'recorded', referral: inserted[0] };
    }
    const existing = await trx('commission_referrals')
      .where({ registration_id: registrationId, missed_since: missedSince })
      .first(referralColumns(trx));
    return { outcome: 'already_recorded', referral: existing };
  });
}

/** Her referrals as timeline entries (api/cases/read-model.ts merges them by time): the note for staff only. */
export async function referralEntries(db: Knex, registrationId: string, audience: 'childminder' | 'staff') {
  const rows = await db('commission_referrals as cr')
    .join('departements as dep', 'dep.code', 'cr.departement')
    .join('users as u', 'u.id', 'cr.referred_by')
    .leftJoin('cases as c', 'c.registration_id', 'cr.registration_id')
    .where('cr.registration_id', registrationId)
    .orderBy('cr.created_at')
    .select(
      'cr.id',
      'cr.created_at as at',
      db.raw(`to_char(cr.referred_on, 'YYYY-MM-DD') as "referredOn"`),
      'cr.note',
      'cr.missed_since as missedSince',
      'cr.consecutive_misses as consecutiveMisses',
      'dep.name as departementName',
      'u.display_name as actorName',
      db.raw(`coalesce(c.status, 'active') as status`),
    );
  return rows.map((row) => ({
    // Its own numbering, apart from her workflow's events: the type tells them apart.
    seq: Number(row.id),
    type: 'commission_referral',
    status: row.status as CaseStatus,
    at: row.at as Date,
    actorName: audience === 'staff' ? (row.actorName as string) : null,
    officeName: null,
    data: {
      referredOn: row.referredOn,
      missedSince: (row.missedSince as Date).toISOString(),
      consecutiveMisses: row.consecutiveMisses,
      departementName: row.departementName,
      ...(audience === 'staff' && row.note ? { note: row.note } : {}),
    },
    message: null,
    onBehalf: null,
  }));
}
