/**
 * Receiving a département's notification, the same for the form, each line of a batch and the
 * machine API: checked against the domain's rules, matched (agrément number and département, then
 * birth name and date), applied once by the département's reference, in one transaction with its
 * audit line; then told to her lifecycle workflow (a signal carrying ids, codes and instants).
 * Publication follows at once: the standing written here is what the one publication rule reads.
 */
import type { Knex } from 'knex';
import {
  NOTIFICATION_REFUSALS,
  endOf,
  identityAgrees,
  notificationViolation,
  startOf,
  type DepartementNotification,
  type NotificationRefusal,
} from '../../domain/agrement-notifications.ts';
import type { Actor } from '../../domain/case-rules.ts';
import {
  agrementNotifiedSignal,
  childminderWorkflowId,
  type AgrementNotice,
} from '../../workflows/childminder.ts';
import { audit } from '../audit.ts';
import type { ApiDeps } from '../context.ts';
import { applyToHolder, standingFor } from './standing.ts';

export { standingFor } from './standing.ts';

export type ReceivedOutcome = 'applied' | 'already_applied' | 'unmatched' | 'refused';

export interface Received {
  outcome: ReceivedOutcome;
  notificationId: string | null;
  refusal: { code: NotificationRefusal | 'invalid_line'; message: string } | null;
}

/** Who sends: an agent through the UI, or a département's system through its credentials. */
export interface Sender {
  departement: string;
  channel: 'form' | 'batch' | 'api';
  actor: Pick<Actor, 'userId' | 'role'> | null;
  clientId: string | null;
}

/** Where a notification came from, as its audit line says: the client of a machine call, too. */
const origin = (sender: Sender) => ({
  departement: sender.departement,
  channel: sender.channel,
  ...(sender.clientId ? { clientId: sender.clientId } : {}),
});

const refused = (code: NotificationRefusal): Received => ({
  outcome: 'refused',
  notificationId: null,
  refusal: { code, message: NOTIFICATION_REFUSALS[code] },
});

/** The registration holding this agrément in this département (a submitted one), if any. */
async function holderOf(trx: Knex.Transaction, departement: string, agrementNumber: string) {
  return trx('registrations as r')
    .join('cases as c', 'c.registration_id', 'r.id')
    .where({ 'r.agrement_departement': departement })
    .whereRaw('upper(r.agrement_number) = upper(?)', [agrementNumber])
    .orderBy('r.submitted_at', 'desc')
    .first<
      | {
          id: string;
          identity: {
            birthName: string;
            birthDate: { year: number; month: number | null; day: number | null };
          };
        }
      | undefined
    >('r.id', 'r.identity');
}

function notificationRow(sender: Sender, n: DepartementNotification) {
  return {
    departement: sender.departement,
    reference: n.reference,
    kind: n.kind,
    agrement_number: n.agrementNumber,
    birth_name: n.birthName,
    birth_date: n.birthDate,
    effective_at: startOf(n.effectiveDate),
    ends_at: n.kind === 'suspension' && n.endDate ? endOf(n.endDate) : null,
    reason: n.reason,
    details: JSON.stringify({
      ...(n.expiryDate ? { expiryDate: n.expiryDate } : {}),
      ...(n.capacity !== null ? { capacity: n.capacity } : {}),
      ...(n.workplace !== null ? { workplace: n.workplace } : {}),
    }),
    channel: sender.channel,
    sent_by: sender.actor?.userId ?? null,
    client_id: sender.clientId,
  };
}

/** Receives one notification; applies it at most once, whatever the number of times it is sent. */
export async function receiveNotification(
  deps: Pick<ApiDeps, 'db' | 'temporal'>,
  sender: Sender,
  n: DepartementNotification,
): Promise<Received> {
  const violation = notificationViolation(n);
  if (violation) return refused(violation);
  const { db } = deps;

  const result = await db.transaction(async (trx) => {
    const previous = await trx('agrement_notifications')
      .where({ departement: sender.departement, reference: n.reference })
      .first('id', 'outcome', 'refusal');
    // Refused when it waited for her and she registered (activities/agrement-adoption.ts).
    if (previous?.outcome === 'refused') return { received: refused(previous.refusal), notice: null };
    if (previous)
      return {
        received: {
          outcome: previous.outcome === 'applied' ? 'already_applied' : 'unmatched',
          notificationId: previous.id,
          refusal: null,
        } satisfies Received,
        notice: null,
      };

    const holder = await holderOf(trx, sender.departement, n.agrementNumber);
    if (holder && !identityAgrees(holder.identity, n))
      return { received: refused('identity_mismatch'), notice: null };
    if (!holder) {
      const [row] = await trx('agrement_notifications')
        .insert({ ...notificationRow(sender, n), outcome: 'unmatched' })
        .onConflict(['departement', 'reference'])
        .ignore()
        .returning('id');
      if (row)
        await audit(
          trx,
          sender.actor,
          'agrement.notification_unmatched',
          { type: 'agrement_notification', id: row.id },
          { kind: n.kind, ...origin(sender) },
        );
      return {
        received: { outcome: 'unmatched', notificationId: row?.id ?? null, refusal: null } satisfies Received,
        notice: null,
      };
    }

    const applied = await applyToHolder(trx, holder.id, n);
    if ('refused' in applied) return { received: refused(applied.refused), notice: null };
    const [row] = await trx('agrement_notifications')
      .insert({
        ...notificationRow(sender, n),
        outcome: 'applied',
        registration_id: holder.id,
        applied_at: trx.fn.now(),
      })
      .returning('id');
    await audit(
      trx,
      sender.actor,
      `agrement.${n.kind}`,
      { type: 'registration', id: holder.id },
      { notificationId: row.id, ...origin(sender), reason: n.reason },
    );
    const notice: AgrementNotice = { notificationId: row.id, kind: n.kind, standing: applied.after };
    return {
      received: { outcome: 'applied', notificationId: row.id, refusal: null } satisfies Received,
      notice: { registrationId: holder.id, notice },
    };
  });

  if (result.notice) await tellLifecycle(deps, result.notice.registrationId, result.notice.notice);
  else if (result.received.outcome === 'already_applied' && result.received.notificationId)
    await tellAgain(deps, result.received.notificationId);
  return result.received;
}

/** Signals her lifecycle, if it runs (a case still in moderation has none: the standing is enough). */
async function tellLifecycle(
  deps: Pick<ApiDeps, 'db' | 'temporal'>,
  registrationId: string,
  notice: AgrementNotice,
) {
  const kase = await deps.db('cases').where({ registration_id: registrationId }).first('workflow_id');
  if (!kase || kase.workflow_id !== childminderWorkflowId(registrationId)) return;
  try {
    await deps.temporal.workflow.getHandle(kase.workflow_id).signal(agrementNotifiedSignal, notice);
  } catch {
    // Not running (closed): the standing already holds; a resend of the notification tries again.
    return;
  }
  await deps
    .db('agrement_notifications')
    .where({ id: notice.notificationId })
    .update({ signalled_at: deps.db.fn.now() });
}

/** A notification sent again whose signal never left (the API stopped in between): sent now. */
async function tellAgain(deps: Pick<ApiDeps, 'db' | 'temporal'>, notificationId: string) {
  const row = await deps
    .db('agrement_notifications')
    .where({ id: notificationId, outcome: 'applied' })
    .whereNull('signalled_at')
    .first('registration_id', 'kind');
  if (!row) return;
  const standing = await standingFor(deps.db, row.registration_id);
  await tellLifecycle(deps, row.registration_id, { notificationId, kind: row.kind, standing });
}
