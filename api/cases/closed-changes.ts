/**
 * Her case closed (her agrément withdrawn, her account closed): a change of hers still waiting for
 * the CAF, or for its SNGI check, leaves the queue in the closure's own transaction, with a status
 * that says why (`closed_with_case`, migration 0026) and an audit line. Nobody decides it any more.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../domain/case-rules.ts';
import { CLOSED_CASE_MESSAGE, type ClosureReason } from '../../domain/case-status.ts';
import type { Section } from '../../domain/registration.ts';
import { audit } from '../audit.ts';
import { Problem } from '../problem.ts';

export interface ChangeClosedWithCase {
  changeId: string;
  section: Section;
}

/** What a decision on such a change answers (409 `change_closed_with_case`). */
export const CHANGE_CLOSED_WITH_CASE_MESSAGE =
  'Cette modification n’est plus à décider : elle a été close avec le dossier, qui est fermé.';

/**
 * Closes her waiting changes with her case, each audited (`profile_change.closed_with_case`) by
 * `actor` (null: the system, her lifecycle closing it). Returns them; none the second time.
 */
export async function closeChangesWithCase(
  trx: Knex.Transaction,
  registrationId: string,
  reason: ClosureReason,
  actor: Pick<Actor, 'userId' | 'role'> | null,
): Promise<ChangeClosedWithCase[]> {
  const closed: ChangeClosedWithCase[] = await trx('profile_changes')
    .where({ registration_id: registrationId })
    .whereIn('status', ['proposed', 'pending'])
    .update({ status: 'closed_with_case', decided_at: trx.fn.now() })
    .returning(['id as changeId', 'section']);
  for (const change of closed)
    await audit(
      trx,
      actor,
      'profile_change.closed_with_case',
      { type: 'registration', id: registrationId },
      { changeId: change.changeId, section: change.section, closureReason: reason },
    );
  return closed;
}

/**
 * The change closed with her case that her timeline does not tell yet (her account's closure closed
 * it in the API's transaction; her lifecycle's `case_closed` event then names it).
 */
export async function changeClosedUntold(
  trx: Knex.Transaction,
  registrationId: string,
): Promise<ChangeClosedWithCase | null> {
  const row = await trx('profile_changes as pc')
    .where({ 'pc.registration_id': registrationId, 'pc.status': 'closed_with_case' })
    .whereNotExists(
      trx('case_events as e')
        .where({ 'e.registration_id': registrationId, 'e.type': 'case_closed' })
        .whereRaw("e.data->>'changeId' = pc.id::text"),
    )
    .orderBy('pc.decided_at', 'desc')
    .first<ChangeClosedWithCase | undefined>('pc.id as changeId', 'pc.section');
  return row ?? null;
}

/** A decision asked on a closed case: 409, the change's own code when one was closed with it. */
export async function refuseDecisionWhenClosed(db: Knex, registrationId: string): Promise<void> {
  const kase = await db('cases').where({ registration_id: registrationId }).first('status');
  if (kase?.status !== 'closed') return;
  const change = await db('profile_changes')
    .where({ registration_id: registrationId, status: 'closed_with_case' })
    .first('id');
  if (change) throw new Problem(409, 'change_closed_with_case', CHANGE_CLOSED_WITH_CASE_MESSAGE);
  throw new Problem(409, 'case_closed', CLOSED_CASE_MESSAGE);
}
