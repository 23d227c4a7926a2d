/**
 * Bulk reassignments from the API's side: starting one (a record, then its workflow), stopping it
 * (an Update), and reading its progress and report from PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import { z } from 'zod';
import {
  BULK_RULES,
  BULK_OUTCOMES,
  DEFAULT_BULK_POLICY,
  MAX_SELECTED_CASES,
  bulkReassignmentWorkflowId,
  startBulkViolation,
  type BulkOutcome,
  type BulkReassignmentPolicy,
  type BulkStatus,
} from '../../domain/bulk-reassignment.ts';
import type { Actor } from '../../domain/case-rules.ts';
import { queueFilterSchema } from '../../domain/queue-filter.ts';
import { bulkReassignment, cancelBulkUpdate, type BulkView } from '../../workflows/bulk-reassignment.ts';
import { audit } from '../audit.ts';
import { queueCounts } from '../cases/queue-query.ts';
import type { ApiDeps } from '../context.ts';
import { notFound, parse, Problem } from '../problem.ts';

export const startSchema = z.object({
  toOfficeId: z
    .string({ error: 'Choisissez la CAF de destination.' })
    .min(1, 'Choisissez la CAF de destination.'),
  selection: z.discriminatedUnion(
    'kind',
    [
      z.object({
        kind: z.literal('cases'),
        ids: z
          .array(z.uuid('Dossier inconnu.'))
          .min(1, BULK_RULES.empty_selection)
          .max(
            MAX_SELECTED_CASES,
            `${MAX_SELECTED_CASES} dossiers au plus par sélection : utilisez un filtre.`,
          ),
      }),
      z.object({ kind: z.literal('filter'), filter: z.unknown() }),
    ],
    { error: 'Choisissez les dossiers à transférer.' },
  ),
});

export type StartRequest = z.input<typeof startSchema>;

/** Records a bulk reassignment and starts its workflow; refuses what the rules refuse. */
export async function startBulkReassignment(
  deps: Pick<ApiDeps, 'db' | 'temporal' | 'taskQueue'>,
  actor: Actor,
  body: unknown,
  policy: BulkReassignmentPolicy = DEFAULT_BULK_POLICY,
): Promise<{ id: string }> {
  const { db, temporal, taskQueue } = deps;
  const input = parse(startSchema, body);
  const refusal = startBulkViolation(actor, input.toOfficeId);
  if (refusal === 'office_not_overseen')
    throw new Problem(403, refusal, BULK_RULES[refusal], [
      { path: 'toOfficeId', message: BULK_RULES[refusal] },
    ]);
  if (refusal) throw new Problem(403, refusal, BULK_RULES[refusal]);
  if (!(await db('offices').where({ id: input.toOfficeId }).first('id')))
    throw new Problem(422, 'invalid_input', 'CAF inconnue.', [
      { path: 'toOfficeId', message: 'CAF inconnue.' },
    ]);

  let selection: { kind: 'cases'; ids: string[] } | { kind: 'filter'; filter: unknown };
  if (input.selection.kind === 'filter') {
    const filter = parse(queueFilterSchema, input.selection.filter ?? {}, 'selection.filter');
    const { total } = await queueCounts(db, filter, actor);
    if (total === 0)
      throw new Problem(422, 'empty_selection', 'Aucun dossier ne correspond à ce filtre.', [
        { path: 'selection', message: 'Aucun dossier ne correspond à ce filtre.' },
      ]);
    selection = { kind: 'filter', filter };
  } else {
    selection = { kind: 'cases', ids: [...new Set(input.selection.ids)] };
    const visible = await db('cases')
      .whereIn('registration_id', selection.ids)
      .whereIn('office_id', actor.officeIds)
      .first('registration_id');
    if (!visible)
      throw new Problem(422, 'empty_selection', 'Aucun des dossiers cochés ne relève de vos CAF.', [
        { path: 'selection.ids', message: 'Aucun des dossiers cochés ne relève de vos CAF.' },
      ]);
  }

  const id = randomUUID();
  const workflowId = bulkReassignmentWorkflowId(id);
  // The record and its audit line together; the workflow starts once both are committed.
  await db.transaction(async (trx) => {
    await trx('bulk_reassignments').insert({
      id,
      workflow_id: workflowId,
      started_by: actor.userId,
      to_office_id: input.toOfficeId,
      selection: JSON.stringify(selection),
    });
    await audit(
      trx,
      actor,
      'bulk_reassignment.started',
      { type: 'bulk_reassignment', id },
      selection.kind === 'filter'
        ? { toOfficeId: input.toOfficeId, filter: selection.filter }
        : { toOfficeId: input.toOfficeId, selectedCases: selection.ids.length },
    );
  });
  try {
    await temporal.workflow.start(bulkReassignment, {
      workflowId,
      taskQueue,
      args: [{ bulkId: id, actor, toOfficeId: input.toOfficeId, policy }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (error) {
    await db('bulk_reassignments').where({ id }).update({ status: 'failed', finished_at: db.fn.now() });
    throw error;
  }
  return { id };
}

/** Asks a running bulk reassignment to stop after the cases in progress. */
export async function cancelBulkReassignment(
  deps: Pick<ApiDeps, 'db' | 'temporal'>,
  actor: Actor,
  bulkId: string,
): Promise<BulkView> {
  const handle = deps.temporal.workflow.getHandle(bulkReassignmentWorkflowId(bulkId));
  for (let attempt = 1; ; attempt++) {
    try {
      // Audited by the workflow's activity that records the stop, in its transaction.
      return await handle.executeUpdate(cancelBulkUpdate, { args: [actor] });
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        const code = error.cause.type ?? 'update_refused';
        throw new Problem(code === 'not_supervisor' ? 403 : 409, code, error.cause.message);
      }
      if (error instanceof WorkflowNotFoundError)
        throw new Problem(409, 'bulk_finished', BULK_RULES.bulk_finished);
      // The Update may land while the workflow continues as new: try the new run.
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
    }
  }
}

export interface BulkSummary {
  id: string;
  status: BulkStatus;
  toOfficeId: string;
  toOfficeName: string;
  startedAt: Date;
  startedByName: string | null;
  finishedAt: Date | null;
  cancelRequestedAt: Date | null;
  selection: { kind: 'cases'; ids: string[] } | { kind: 'filter'; filter: Record<string, unknown> };
  total: number | null;
  counts: Record<BulkOutcome, number>;
}

export interface BulkReportItem {
  registrationId: string;
  fromOfficeId: string | null;
  fromOfficeName: string | null;
  outcome: BulkOutcome;
  reason: string | null;
}

function summaries(db: Knex) {
  return db('bulk_reassignments as b')
    .join('offices as o', 'o.id', 'b.to_office_id')
    .leftJoin('users as u', 'u.id', 'b.started_by')
    .select(
      'b.id',
      'b.status',
      'b.to_office_id as toOfficeId',
      'o.name as toOfficeName',
      'b.started_at as startedAt',
      'u.display_name as startedByName',
      'b.finished_at as finishedAt',
      'b.cancel_requested_at as cancelRequestedAt',
      'b.selection',
      'b.total',
      db.raw(
        `(select coalesce(jsonb_object_agg(outcome, n), '{}') from (select outcome, count(*) as n
            from bulk_reassignment_items i where i.bulk_id = b.id and outcome is not null group by outcome) t) as counts`,
      ),
    );
}

function withCounts(row: Omit<BulkSummary, 'counts'> & { counts: Record<string, number> }): BulkSummary {
  const counts = Object.fromEntries(BULK_OUTCOMES.map((o) => [o, Number(row.counts[o] ?? 0)]));
  return { ...row, counts: counts as Record<BulkOutcome, number> };
}

/** The bulk reassignments towards the actor's offices, newest first. */
export async function listBulkReassignments(db: Knex, actor: Actor, limit = 30): Promise<BulkSummary[]> {
  const rows = await summaries(db)
    .whereIn('b.to_office_id', actor.officeIds)
    .orderBy('b.started_at', 'desc')
    .limit(limit);
  return rows.map(withCounts);
}

/** One bulk reassignment with the cases it did not move (404 outside the actor's offices). */
export async function bulkReport(
  db: Knex,
  actor: Actor,
  bulkId: string,
): Promise<BulkSummary & { notMoved: BulkReportItem[] }> {
  const row = z.uuid().safeParse(bulkId).success
    ? await summaries(db).where('b.id', bulkId).whereIn('b.to_office_id', actor.officeIds).first()
    : null;
  if (!row) throw notFound();
  const notMoved = await db('bulk_reassignment_items as i')
    .leftJoin('offices as o', 'o.id', 'i.from_office_id')
    .where('i.bulk_id', bulkId)
    .whereIn('i.outcome', ['skipped', 'failed'])
    .orderBy('i.position')
    .limit(500)
    .select(
      'i.registration_id as registrationId',
      'i.from_office_id as fromOfficeId',
      'o.name as fromOfficeName',
      'i.outcome',
      'i.reason',
    );
  return { ...withCounts(row), notMoved };
}
