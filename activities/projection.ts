/**
 * The read model: each transition of a case upserts its row in `cases` and adds an event to its
 * timeline, idempotently. The row only moves forward (guarded by `seq`), so a retried or late
 * activity never overwrites a newer state. The row names the workflow that holds the case now: the
 * registration, then her lifecycle once approved, so that commands follow the handover. A transition
 * that tells her something queues its email in the same transaction (the outbox), and one that carries
 * out a person's command (her submission, a copy of her agrément, a change to her profile, a claim, a
 * decision, a reassignment) writes its audit line there too.
 */
import type { Knex } from 'knex';
import { audit } from '../api/audit.ts';
import { changeClosedUntold, closeChangesWithCase } from '../api/cases/closed-changes.ts';
import type { Db } from '../infra/db.ts';
import { FINAL_STATUSES, isClosureReason } from '../domain/case-status.ts';
import { queueNotice } from './notifications.ts';
import type { TransitionAudit, TransitionRecord } from './types.ts';

/** The command's line: its detail, the event's `seq` and, for a decision, its reason's code (not its words). */
async function auditTransition(trx: Knex.Transaction, t: TransitionRecord, line: TransitionAudit) {
  const reason = t.event.messageId
    ? await trx('case_messages').where({ id: t.event.messageId }).first('reason_code')
    : undefined;
  await audit(trx, line.actor, line.action, line.target ?? { type: 'registration', id: t.registrationId }, {
    ...(line.target ? { registrationId: t.registrationId } : {}),
    ...line.detail,
    ...(reason ? { reasonCode: reason.reason_code } : {}),
    seq: t.seq,
  });
}

export function projectionActivities(db: Db, publicUrl: string) {
  return {
    /** Writes one transition of a case to PostgreSQL, with the email it sends her. */
    async recordTransition(t: TransitionRecord): Promise<void> {
      // A closure is no decision: the date of the last one stays.
      const decidedAt = FINAL_STATUSES.includes(t.status) && t.status !== 'closed' ? t.event.at : null;
      // Closed, the event says why (workflows/case-closure.ts).
      const reason = t.event.data?.['reason'];
      const closureReason = t.status === 'closed' && isClosureReason(reason) ? reason : null;
      await db.transaction(async (trx) => {
        // Her case closing: a change still waiting leaves the queue here, and the event names it.
        const closedChange =
          t.event.type === 'case_closed' && closureReason
            ? ((await closeChangesWithCase(trx, t.registrationId, closureReason, null))[0] ??
              (await changeClosedUntold(trx, t.registrationId)))
            : null;
        await trx.raw(
          `insert into cases (registration_id, workflow_id, status, office_id, holder_id, departement, identity_outcome,
                              submitted_at, status_since, due_at, decided_at, closure_reason, seq, updated_at)
           select :registrationId, :workflowId, :status, :officeId, :holderId, r.agrement_departement, :identityOutcome,
                  :submittedAt, :at, :dueAt, :decidedAt,
                  -- A later event of a closed case names no reason: the case's own stays (and its check holds).
                  case when :status = 'closed' then coalesce(:closureReason,
                    (select k.closure_reason from cases k where k.registration_id = :registrationId)) end,
                  :seq, now()
             from registrations r where r.id = :registrationId
           on conflict (registration_id) do update set
             workflow_id = excluded.workflow_id,
             status = excluded.status,
             office_id = excluded.office_id,
             holder_id = excluded.holder_id,
             departement = excluded.departement,
             identity_outcome = excluded.identity_outcome,
             submitted_at = excluded.submitted_at,
             status_since = case when cases.status = excluded.status then cases.status_since else excluded.status_since end,
             due_at = excluded.due_at,
             -- Edits while active keep the date of the last decision.
             decided_at = case when excluded.status = cases.status or excluded.status = 'closed'
                               then cases.decided_at else excluded.decided_at end,
             closure_reason = excluded.closure_reason,
             seq = excluded.seq,
             updated_at = now()
           -- Closed is for good: a transition the case's workflow had not heard of (her account closed
           -- by the API) never reopens it; its event still joins the timeline.
           where cases.seq < excluded.seq and cases.status <> 'closed'`,
          {
            registrationId: t.registrationId,
            workflowId: t.workflowId,
            status: t.status,
            officeId: t.officeId,
            holderId: t.holderId,
            identityOutcome: t.identityOutcome,
            submittedAt: t.submittedAt,
            at: t.event.at,
            dueAt: t.dueAt,
            decidedAt,
            closureReason,
            seq: t.seq,
          },
        );
        const added = await trx('case_events')
          .insert({
            registration_id: t.registrationId,
            seq: t.seq,
            type: t.event.type,
            status: t.status,
            at: t.event.at,
            actor_id: t.event.actorId ?? null,
            office_id: t.event.officeId ?? null,
            message_id: t.event.messageId ?? null,
            data: closedChange
              ? { ...t.event.data, changeId: closedChange.changeId, section: closedChange.section }
              : (t.event.data ?? {}),
          })
          .onConflict(['registration_id', 'seq'])
          .ignore()
          .returning('seq');
        if (t.notice) await queueNotice(trx, publicUrl, { registrationId: t.registrationId, ...t.notice });
        // Only with the event's first write, so a retry adds no second line (chained at the commit, 0025).
        if (t.audit && added.length > 0) await auditTransition(trx, t, t.audit);
      });
    },
  };
}
