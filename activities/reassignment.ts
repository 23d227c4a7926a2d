/**
 * Bulk reassignment: freezing the selection, sending each case its reassign Update, recording each
 * outcome and the report. Every write is guarded so that a retried activity changes nothing twice:
 * the selection is frozen once, an outcome is written once, and the case's Update carries an update
 * id and the bulk's id as its reason (a case already moved by this bulk counts as moved).
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { audit } from '../api/audit.ts';
import { applyQueueFilter } from '../api/cases/queue-query.ts';
import {
  bulkReassignmentReason,
  bulkReassignmentWorkflowId,
  outcomeOfRefusal,
  type BulkOutcome,
} from '../domain/bulk-reassignment.ts';
import type { Actor } from '../domain/case-rules.ts';
import { FINAL_STATUSES } from '../domain/case-status.ts';
import { queueFilterSchema } from '../domain/queue-filter.ts';
import type { Db } from '../infra/db.ts';
import { reassignUpdate } from '../workflows/moderation.ts';
import { whileHeartbeating } from './heartbeat.ts';
import type { ActivityDeps } from './index.ts';

/** One case of a frozen selection. */
export interface BulkItem {
  position: number;
  registrationId: string;
}

/** What a supervisor asked to move: cases she ticked, or every case a queue filter selects. */
export type BulkSelection = { kind: 'cases'; ids: string[] } | { kind: 'filter'; filter: unknown };

export interface CaseOutcome {
  bulkId: string;
  registrationId: string;
  outcome: Exclude<BulkOutcome, 'not_processed'>;
  reason: string | null;
}

/** Writes a case's outcome once; a case this bulk did move is recorded as moved whatever a retry says. */
async function settle(
  db: Db,
  { bulkId, registrationId, outcome, reason }: CaseOutcome,
): Promise<BulkOutcome> {
  const movedByUs =
    outcome !== 'moved' &&
    (await db('case_events')
      .where({ registration_id: registrationId, type: 'reassigned' })
      .whereRaw(`data->>'reason' = ?`, [bulkReassignmentReason(bulkId)])
      .first('seq'));
  const final = movedByUs ? { outcome: 'moved' as const, reason: null } : { outcome, reason };
  await db('bulk_reassignment_items')
    .where({ bulk_id: bulkId, registration_id: registrationId })
    .whereNull('outcome')
    .update({ ...final, processed_at: db.fn.now() });
  return final.outcome;
}

export function reassignmentActivities({ db, temporal }: ActivityDeps) {
  /** Computes and stores the cases to move (once: a retry finds them stored); returns their number. */
  function freeze(bulkId: string, actor: Actor): Promise<number> {
    return db.transaction(async (trx) => {
      const bulk = await trx('bulk_reassignments').where({ id: bulkId }).forUpdate().first();
      if (!bulk) throw ApplicationFailure.nonRetryable(`Réaffectation ${bulkId} inconnue`, 'bulk_not_found');
      if (bulk.status !== 'selecting') return bulk.total ?? 0;
      const selection = bulk.selection as BulkSelection;
      let cases = trx('cases as c').whereIn('c.office_id', actor.officeIds);
      cases =
        selection.kind === 'cases'
          ? cases.whereIn('c.registration_id', selection.ids)
          : applyQueueFilter(
              cases,
              queueFilterSchema.parse(selection.filter),
              actor,
              new Date(bulk.started_at),
            );
      // Oldest first: stopped halfway, the cases that waited longest have moved.
      const selected = cases.select(
        trx.raw('?::uuid as bulk_id', [bulkId]),
        trx.raw(
          `row_number() over (order by coalesce(c.submitted_at, 'infinity'::timestamptz), c.registration_id) as position`,
        ),
        'c.registration_id',
        'c.office_id as from_office_id',
      );
      const inserted = await trx.raw(
        `insert into bulk_reassignment_items (bulk_id, position, registration_id, from_office_id) ?`,
        [selected],
      );
      const total = inserted.rowCount ?? 0;
      await trx('bulk_reassignments').where({ id: bulkId }).update({ status: 'running', total });
      return total;
    });
  }

  const activities = {
    /** Computes and stores the cases to move (once: a retry finds them stored); returns their number. */
    async freezeBulkSelection({ bulkId, actor }: { bulkId: string; actor: Actor }): Promise<number> {
      return whileHeartbeating(() => freeze(bulkId, actor));
    },

    /** The next cases of the frozen selection that have no outcome yet, in order. */
    async nextBulkPage({
      bulkId,
      afterPosition,
      limit,
    }: {
      bulkId: string;
      afterPosition: number;
      limit: number;
    }): Promise<BulkItem[]> {
      return db('bulk_reassignment_items')
        .where({ bulk_id: bulkId })
        .andWhere('position', '>', afterPosition)
        .whereNull('outcome')
        .orderBy('position')
        .limit(limit)
        .select('position', 'registration_id as registrationId');
    },

    /** Sends one case its reassign Update, in the name of the supervisor who started the bulk. */
    async reassignBulkCase(input: {
      bulkId: string;
      registrationId: string;
      actor: Actor;
      toOfficeId: string;
    }): Promise<BulkOutcome> {
      const { bulkId, registrationId, actor, toOfficeId } = input;
      const kase = await db('cases')
        .where({ registration_id: registrationId })
        .first('workflow_id', 'status');
      const office = await db('offices').where({ id: toOfficeId }).first('target_working_days');
      const refused = (reason: string) =>
        settle(db, { bulkId, registrationId, outcome: outcomeOfRefusal(reason), reason });
      if (!kase) return refused('case_not_routed');
      if (!office) return settle(db, { bulkId, registrationId, outcome: 'failed', reason: 'unexpected' });
      try {
        await temporal.workflow.getHandle(kase.workflow_id).executeUpdate(reassignUpdate, {
          args: [
            actor,
            {
              toOfficeId,
              targetWorkingDays: office.target_working_days,
              reason: bulkReassignmentReason(bulkId),
            },
          ],
          // The same id on a retry: the case's workflow answers it once.
          updateId: `${bulkReassignmentWorkflowId(bulkId)}:${registrationId}`,
        });
      } catch (error) {
        if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure)
          return refused(error.cause.type ?? 'unexpected');
        if (error instanceof WorkflowNotFoundError) {
          // A decided case's workflow has ended: it was decided meanwhile.
          return FINAL_STATUSES.includes(kase.status)
            ? refused('case_closed')
            : settle(db, { bulkId, registrationId, outcome: 'failed', reason: 'case_workflow_missing' });
        }
        throw error;
      }
      return settle(db, { bulkId, registrationId, outcome: 'moved', reason: null });
    },

    /** Records a case's outcome (the workflow's fallback when the move itself kept failing). */
    async recordBulkOutcome(outcome: CaseOutcome): Promise<BulkOutcome> {
      return settle(db, outcome);
    },

    /** Notes who asked to stop, and when (the report shows it). */
    /** The stop's date and who asked, with its audit line in the same transaction (once, the first time). */
    async recordBulkCancelRequest({ bulkId, userId }: { bulkId: string; userId: string }): Promise<void> {
      await db.transaction(async (trx) => {
        const recorded = await trx('bulk_reassignments')
          .where({ id: bulkId })
          .whereNull('cancel_requested_at')
          .update({ cancel_requested_at: trx.fn.now(), cancel_requested_by: userId });
        // Only a supervisor may stop one (domain/bulk-reassignment.ts, checked by the Update's validator).
        if (recorded)
          await audit(trx, { userId, role: 'supervisor' }, 'bulk_reassignment.cancel_requested', {
            type: 'bulk_reassignment',
            id: bulkId,
          });
      });
    },

    /** Closes the report (stopped, or failed): cases left unprocessed are marked so, counts are audited. */
    async finishBulk({
      bulkId,
      failed = false,
    }: {
      bulkId: string;
      failed?: boolean;
    }): Promise<Record<BulkOutcome, number>> {
      return db.transaction(async (trx) => {
        const bulk = await trx('bulk_reassignments').where({ id: bulkId }).forUpdate().first();
        if (!bulk) return { moved: 0, skipped: 0, failed: 0, not_processed: 0 };
        const left = await trx('bulk_reassignment_items')
          .where({ bulk_id: bulkId })
          .whereNull('outcome')
          .update({
            outcome: 'not_processed',
            reason: failed ? 'unexpected' : 'cancelled',
            processed_at: trx.fn.now(),
          });
        const rows: Array<{ outcome: BulkOutcome; count: string }> = await trx('bulk_reassignment_items')
          .where({ bulk_id: bulkId })
          .groupBy('outcome')
          .select('outcome', trx.raw('count(*) as count'));
        const counts = { moved: 0, skipped: 0, failed: 0, not_processed: 0 };
        for (const row of rows) counts[row.outcome] = Number(row.count);
        if (bulk.status === 'running' || bulk.status === 'selecting') {
          const status = failed ? 'failed' : left > 0 ? 'cancelled' : 'completed';
          await trx('bulk_reassignments').where({ id: bulkId }).update({ status, finished_at: trx.fn.now() });
          await audit(
            trx,
            { userId: bulk.started_by, role: 'supervisor' },
            `bulk_reassignment.${status}`,
            { type: 'bulk_reassignment', id: bulkId },
            { toOfficeId: bulk.to_office_id, total: bulk.total, ...counts },
          );
        }
        return counts;
      });
    },
  };
  return {
    ...activities,
    // They wait on other workflows or write many rows: a dead worker is noticed within seconds.
    reassignBulkCase: (input: Parameters<typeof activities.reassignBulkCase>[0]) =>
      whileHeartbeating(() => activities.reassignBulkCase(input)),
    finishBulk: (input: Parameters<typeof activities.finishBulk>[0]) =>
      whileHeartbeating(() => activities.finishBulk(input)),
  };
}
