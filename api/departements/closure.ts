/**
 * Her agrément's standing as her pages and the CAF's read it, and her case once a département
 * withdrew her agrément: closed to edits, readable for the legal period.
 * One check, called by every write of her space (her profile's edits and declarations, a relay's on
 * her behalf, her answers to parents): a 409 with a stable code and the reason in French.
 */
import type { Knex } from 'knex';
import { placesAboveCapacity } from '../../domain/agrement.ts';
import { renewalDue } from '../../domain/agrement-expiry.ts';
import { agrementState, withdrawnCaseMessage } from '../../domain/agrement-notifications.ts';
import { CLOSED_CASE_MESSAGE } from '../../domain/case-status.ts';
import { Problem } from '../problem.ts';
import { standingFor } from './notifications.ts';

export interface CaseClosure {
  code: 'agrement_withdrawn';
  withdrawnFrom: string;
  /** The withdrawal's coded reason, as the département sent it. */
  reason: string | null;
  message: string;
}

/** Her case's closure, if her agrément is withdrawn now (a withdrawal dated later closes nothing yet). */
export async function caseClosure(
  db: Knex,
  registrationId: string,
  now: Date = new Date(),
): Promise<CaseClosure | null> {
  const standing = await standingFor(db, registrationId);
  if (agrementState(standing, null, now) !== 'withdrawn' || !standing.withdrawnFrom) return null;
  const withdrawal = await db('agrement_notifications')
    .where({ registration_id: registrationId, kind: 'withdrawal', outcome: 'applied' })
    .orderBy('applied_at', 'desc')
    .first<{ reason: string } | undefined>('reason');
  const reason = withdrawal?.reason ?? null;
  return {
    code: 'agrement_withdrawn',
    withdrawnFrom: standing.withdrawnFrom,
    reason,
    message: withdrawnCaseMessage(standing.withdrawnFrom, reason),
  };
}

/**
 * Refuses a write to her space once her case is closed: by a withdrawal (from its instant, with its
 * date and reason), or for any other reason of domain/case-status.ts (her account closed).
 */
export async function refuseWhenClosed(db: Knex, registrationId: string): Promise<void> {
  const closure = await caseClosure(db, registrationId);
  if (closure) throw new Problem(409, closure.code, closure.message);
  const kase = await db('cases').where({ registration_id: registrationId }).first('status');
  if (kase?.status === 'closed') throw new Problem(409, 'case_closed', CLOSED_CASE_MESSAGE);
}

/** Her standing and what it makes of her agrément now: its renewal due, her case closed, her places above it. */
export async function standingView(
  db: Knex,
  registration: {
    id: string;
    agrement: { expiryDate: string | null; capacity: number } | null;
    availability: { places: Record<string, number> } | null;
  },
) {
  const expiryDate = registration.agrement?.expiryDate ?? null;
  const standing = await standingFor(db, registration.id);
  const now = new Date();
  const state = agrementState(standing, expiryDate, now);
  const closure = await caseClosure(db, registration.id, now);
  return {
    state,
    ...standing,
    expiryDate,
    renewalDue: state === 'in_force' && renewalDue(expiryDate, now),
    closure: closure && { code: closure.code, reason: closure.reason, message: closure.message },
    placesAboveCapacity: placesAboveCapacity(
      registration.availability?.places,
      registration.agrement?.capacity,
    ),
  };
}
