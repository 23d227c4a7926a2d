/**
 * A bulk reassignment of 400 real cases, each a registration workflow waiting in moderation, on the
 * real Temporal dev server and PostgreSQL: every case moved exactly once over several runs of the
 * workflow, then a move back stopped halfway that leaves each case in exactly one office and a report
 * that adds up. Enough to prove the point on a busy machine (each case costs a document check in its
 * sandbox to seed); the 10,000 of the issue are `bench/reassignment.ts`'s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bulkReport,
  cancelBulkReassignment,
  startBulkReassignment,
} from '../../api/supervision/reassignments.ts';
import { bulkReassignmentReason, bulkReassignmentWorkflowId } from '../../domain/bulk-reassignment.ts';
import type { Actor } from '../../domain/case-rules.ts';
import { Problem } from '../../api/problem.ts';
import type { BulkCounts } from '../../workflows/bulk-reassignment.ts';
import { createUser } from '../support/fixtures.ts';
import { casesInModeration, officesOfCases } from '../support/supervision.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

const CASES = 400;
// Small pages, so that 400 cases take several runs (continue-as-new) of the workflow.
const POLICY = { concurrency: 12, pageSize: 100, pagesPerRun: 3 };

let stack: FileStack;
let supervisor: Actor;
let ids: string[];

beforeAll(async () => {
  stack = await setUpFile('bulk-reassignment-large');
  supervisor = (await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69', 'caf-75'] })).actor;
  const started = Date.now();
  // A few lanes: each waits for its document check, and the checks run two at a time per worker in
  // their sandbox; more lanes only queue Updates until their RPC deadline on a busy machine.
  ids = await casesInModeration(stack, CASES, { departement: '69', parallel: 6 });
  console.log(`${CASES} dossiers en modération en ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 300_000);
afterAll(() => stack?.teardown());

async function reassignedByBulk(bulkId: string): Promise<Map<string, number>> {
  const rows: Array<{ registration_id: string; n: string }> = await stack
    .db('case_events')
    .whereIn('registration_id', ids)
    .where({ type: 'reassigned' })
    .whereRaw(`data->>'reason' = ?`, [bulkReassignmentReason(bulkId)])
    .groupBy('registration_id')
    .select('registration_id', stack.db.raw('count(*) as n'));
  return new Map(rows.map((row) => [row.registration_id, Number(row.n)]));
}

async function runsOf(workflowId: string): Promise<number> {
  let runs = 0;
  for await (const _run of stack.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs += 1;
  return runs;
}

function outcomes(bulkId: string) {
  return stack
    .db('bulk_reassignment_items')
    .where({ bulk_id: bulkId })
    .groupBy('outcome')
    .select('outcome', stack.db.raw('count(*)::int as n'));
}

describe('a bulk reassignment of 400 cases', () => {
  it('moves every case of the filter to the other office, each exactly once', async () => {
    expect(await officesOfCases(stack.db, ids)).toEqual({ 'caf-69': CASES });
    const started = Date.now();
    const { id } = await startBulkReassignment(
      stack.deps,
      supervisor,
      {
        toOfficeId: 'caf-75',
        selection: { kind: 'filter', filter: { offices: ['caf-69'], holder: 'unheld' } },
      },
      POLICY,
    );
    const handle = stack.temporal.workflow.getHandle(bulkReassignmentWorkflowId(id));
    const counts: BulkCounts = await handle.result();
    console.log(`${CASES} dossiers transférés en ${((Date.now() - started) / 1000).toFixed(1)} s`);

    expect(counts).toEqual({ moved: CASES, skipped: 0, failed: 0, not_processed: 0 });
    expect(await officesOfCases(stack.db, ids)).toEqual({ 'caf-75': CASES });
    const moves = await reassignedByBulk(id);
    expect(moves.size).toBe(CASES);
    expect([...moves.values()].every((n) => n === 1)).toBe(true);
    const report = await bulkReport(stack.db, supervisor, id);
    expect(report).toMatchObject({ status: 'completed', total: CASES, counts });
    expect(report.notMoved).toEqual([]);
    // It went through several runs, each handing over to the next.
    await expect
      .poll(() => runsOf(handle.workflowId), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(Math.ceil(CASES / (POLICY.pageSize * POLICY.pagesPerRun)));
    const audits = await stack
      .db('audit_log')
      .where({ target_type: 'bulk_reassignment', target_id: id })
      .orderBy('id');
    expect(audits.map((a) => a.action)).toEqual(['bulk_reassignment.started', 'bulk_reassignment.completed']);
    expect(audits[1].detail).toMatchObject({ moved: CASES, total: CASES });
    await stack.keepHistory(handle);
  }, 240_000);

  it('stops cleanly when cancelled halfway: each case in exactly one office, a report that adds up', async () => {
    const { id } = await startBulkReassignment(
      stack.deps,
      supervisor,
      { toOfficeId: 'caf-69', selection: { kind: 'filter', filter: { offices: ['caf-75'] } } },
      POLICY,
    );
    const handle = stack.temporal.workflow.getHandle(bulkReassignmentWorkflowId(id));
    await expect
      .poll(async () => (await bulkReport(stack.db, supervisor, id)).counts.moved, {
        timeout: 120_000,
        interval: 200,
      })
      .toBeGreaterThanOrEqual(CASES / 3);
    const answer = await cancelBulkReassignment(stack.deps, supervisor, id);
    expect(answer.cancelRequested).toBe(true);
    const counts: BulkCounts = await handle.result();

    expect(counts.moved).toBeGreaterThanOrEqual(CASES / 3);
    expect(counts.not_processed).toBeGreaterThan(0);
    expect(counts.skipped + counts.failed).toBe(0);
    expect(counts.moved + counts.not_processed).toBe(CASES);
    // Every case is in exactly one office: those moved are back in caf-69, the others still in caf-75.
    expect(await officesOfCases(stack.db, ids)).toEqual({
      'caf-69': counts.moved,
      'caf-75': CASES - counts.moved,
    });
    const moves = await reassignedByBulk(id);
    const moved = await stack
      .db('bulk_reassignment_items')
      .where({ bulk_id: id, outcome: 'moved' })
      .pluck('registration_id');
    expect(new Set(moves.keys())).toEqual(new Set(moved));
    expect([...moves.values()].every((n) => n === 1)).toBe(true);
    const inCaf69 = await stack
      .db('cases')
      .whereIn('registration_id', ids)
      .where({ office_id: 'caf-69' })
      .pluck('registration_id');
    expect(new Set(inCaf69)).toEqual(new Set(moved));
    expect(await outcomes(id)).toEqual(
      expect.arrayContaining([
        { outcome: 'moved', n: counts.moved },
        { outcome: 'not_processed', n: counts.not_processed },
      ]),
    );
    const report = await bulkReport(stack.db, supervisor, id);
    expect(report.status).toBe('cancelled');
    expect(report.cancelRequestedAt).not.toBeNull();
    expect(report.total).toBe(CASES);
    // The stop's audit line, written by the workflow's activity with the stop's date (nobody else).
    const stops = await stack
      .db('audit_log')
      .where({
        target_type: 'bulk_reassignment',
        target_id: id,
        action: 'bulk_reassignment.cancel_requested',
      })
      .select('actor_id', 'actor_role');
    expect(stops).toEqual([{ actor_id: supervisor.userId, actor_role: 'supervisor' }]);

    const again = await cancelBulkReassignment(stack.deps, supervisor, id).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(Problem);
    expect((again as Problem).code).toBe('bulk_finished');
    await stack.keepHistory(handle);
  }, 240_000);

  it('replays every kept history deterministically', async () => {
    const { count, failures } = await stack.replayKeptHistories();
    expect(count).toBe(2);
    expect(failures).toEqual([]);
  });
});
