/**
 * Faults on the cluster stack, on 300 real cases registered through two worker processes sharing
 * one task queue of the PostgreSQL-backed Temporal server: a bulk reassignment both workers share;
 * one back while a worker is killed (SIGKILL) halfway, the other carrying on; one more while the
 * Temporal server itself is killed and restarted on its databases, with registrations in flight.
 * Each time: no case lost, none moved (or registered) twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCommands } from '../../api/cases/commands.ts';
import { startBulkReassignment } from '../../api/supervision/reassignments.ts';
import { bulkReassignmentReason, bulkReassignmentWorkflowId } from '../../domain/bulk-reassignment.ts';
import type { Actor } from '../../domain/case-rules.ts';
import type { BulkCounts } from '../../workflows/bulk-reassignment.ts';
import { registrationWorkflowId } from '../../workflows/registration.ts';
import { NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import {
  createUser,
  insertRegistration,
  placeUpload,
  registrationFor,
  samplePdf,
  waitForStatus,
} from '../support/fixtures.ts';
import { casesInModeration, inParallel, officesOfCases } from '../support/supervision.ts';
import { countByIdentity, workDone } from './history-identities.ts';
import { setUpClusterFile, type ClusterFile } from './support.ts';

// Three pages of 100, two pages a run: each bulk continues as new once, under each fault.
const CASES = 300;
const POLICY = { concurrency: 12, pageSize: 100, pagesPerRun: 2 };

let stack: ClusterFile;
let supervisor: Actor;
let ids: string[];

beforeAll(async () => {
  stack = await setUpClusterFile('workers', { workers: 2 });
  supervisor = (await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69', 'caf-75'] })).actor;
  const started = Date.now();
  // A few lanes: each waits for its document check, and the checks run two at a time per worker in
  // their sandbox; more lanes only queue Updates until their RPC deadline on a busy machine.
  ids = await casesInModeration(stack, CASES, { departement: '69', parallel: 6 });
  console.log(`${CASES} dossiers en modération en ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 600_000);
afterAll(() => stack?.teardown());

/** How many times each case was moved by bulk `bulkId` (from the read model's case events). */
async function movesBy(bulkId: string): Promise<Map<string, number>> {
  const rows: Array<{ registration_id: string; n: string }> = await stack
    .db('case_events')
    .whereIn('registration_id', ids)
    .where({ type: 'reassigned' })
    .whereRaw(`data->>'reason' = ?`, [bulkReassignmentReason(bulkId)])
    .groupBy('registration_id')
    .select('registration_id', stack.db.raw('count(*) as n'));
  return new Map(rows.map((row) => [row.registration_id, Number(row.n)]));
}

async function reassignAll(toOfficeId: string, fromOfficeId: string) {
  const { id } = await startBulkReassignment(
    stack.deps,
    supervisor,
    { toOfficeId, selection: { kind: 'filter', filter: { offices: [fromOfficeId] } } },
    POLICY,
  );
  return { id, handle: stack.temporal.workflow.getHandle(bulkReassignmentWorkflowId(id)) };
}

/** Every case moved exactly once by `bulkId`, all of them now in `officeId`. */
async function expectEachMovedOnce(bulkId: string, counts: BulkCounts, officeId: string) {
  expect(counts).toEqual({ moved: CASES, skipped: 0, failed: 0, not_processed: 0 });
  expect(await officesOfCases(stack.db, ids)).toEqual({ [officeId]: CASES });
  const moves = await movesBy(bulkId);
  expect(moves.size).toBe(CASES);
  expect([...moves.values()].filter((n) => n !== 1)).toEqual([]);
}

/** Registrations with their agrément accepted, ready to submit; `submit()` sends them all and returns. */
async function registrationsReadyToSubmit(count: number) {
  const commands = caseCommands(stack.deps);
  const pdf = await samplePdf();
  const ready = await inParallel(Array.from({ length: count }), 10, async () => {
    const owner = await createUser(stack.db);
    const id = await insertRegistration(stack.db, owner.id, registrationFor(NAMED_PEOPLE.camille, '75'));
    const documentId = await placeUpload(stack.db, stack.storage, id, pdf);
    await commands.attachDocument(id, owner.id, owner.actor, documentId);
    return { id, owner };
  });
  return {
    ids: ready.map((registration) => registration.id),
    submit: () => inParallel(ready, 20, ({ id, owner }) => commands.submit(id, owner.id, owner.actor)),
  };
}

describe('faults on the cluster stack', () => {
  it('share a bulk reassignment of 300 cases, each case moved exactly once', async () => {
    const [first, second] = stack.app.workers.map((worker) => stack.identityOf(worker));
    const started = Date.now();
    const { id, handle } = await reassignAll('caf-75', 'caf-69');
    const counts: BulkCounts = await handle.result();
    console.log(`${CASES} dossiers transférés en ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await expectEachMovedOnce(id, counts, 'caf-75');

    // The bulk's own activities and the cases' workflow tasks went to both processes.
    const bulkWork = countByIdentity(await workDone(stack.temporal, handle.workflowId));
    const caseWork = countByIdentity(
      (
        await inParallel(ids, 10, (caseId) =>
          workDone(stack.temporal, registrationWorkflowId(caseId)).then((work) =>
            work.filter((w) => w.at.getTime() >= started),
          ),
        )
      ).flat(),
    );
    console.log('travail par worker', { bulk: bulkWork, dossiers: caseWork });
    for (const identity of [first!, second!]) {
      expect(bulkWork[identity] ?? 0, `activités du transfert, ${identity}`).toBeGreaterThan(0);
      expect(caseWork[identity] ?? 0, `tâches des dossiers, ${identity}`).toBeGreaterThan(0);
    }
    expect(Object.keys({ ...bulkWork, ...caseWork }).sort()).toEqual([first, second].sort());
  }, 300_000);

  it('lose nothing when one of them is killed mid-burst: the other finishes, no case moved twice', async () => {
    const [doomed, survivor] = stack.app.workers;
    const { id, handle } = await reassignAll('caf-69', 'caf-75');
    await expect
      .poll(async () => (await movesBy(id)).size, { timeout: 120_000, interval: 200 })
      .toBeGreaterThanOrEqual(CASES / 5);
    const killedAt = Date.now();
    doomed!.process.kill('SIGKILL');
    await doomed!.exited;
    const movedBeforeKill = (await movesBy(id)).size;
    expect(movedBeforeKill).toBeLessThan(CASES);

    const counts: BulkCounts = await handle.result();
    console.log(
      `${movedBeforeKill} dossiers transférés avant le SIGKILL, le reste en ${((Date.now() - killedAt) / 1000).toFixed(1)} s`,
    );
    await expectEachMovedOnce(id, counts, 'caf-69');
    const after = (await workDone(stack.temporal, handle.workflowId)).filter(
      (work) => work.at.getTime() > killedAt + 1000,
    );
    // What the bulk did after the kill, the survivor did (an activity the killed one had started is
    // recorded only once it times out, hence workflow tasks alone here).
    const tasks = after.filter((work) => work.kind === 'workflow task');
    expect(tasks.length).toBeGreaterThan(0);
    expect(new Set(tasks.map((work) => work.identity))).toEqual(new Set([stack.identityOf(survivor!)]));
    expect(after.filter((work) => work.kind === 'activity').map((work) => work.identity)).toContain(
      stack.identityOf(survivor!),
    );
    // Every case is still held by its workflow, waiting for a decision.
    const open = await stack.db('cases').whereIn('registration_id', ids).where({ status: 'in_moderation' });
    expect(open).toHaveLength(CASES);
    await stack.app.addWorker(); // two again, for what follows
  }, 400_000);

  it('lose nothing when the Temporal server is killed and restarted mid-run', async () => {
    const inFlight = await registrationsReadyToSubmit(20);
    const { id, handle } = await reassignAll('caf-75', 'caf-69');
    await expect
      .poll(async () => (await movesBy(id)).size, { timeout: 120_000, interval: 200 })
      .toBeGreaterThanOrEqual(CASES / 5);
    // Submitted, their workflows between identity check and routing when the server dies.
    await inFlight.submit();
    const { restartedInMs } = await stack.restartTemporalServer();
    const movedBeforeRestart = (await movesBy(id)).size;
    expect(movedBeforeRestart).toBeLessThan(CASES);

    const counts: BulkCounts = await handle.result();
    console.log(
      `serveur Temporal relancé en ${(restartedInMs / 1000).toFixed(1)} s, ${movedBeforeRestart} dossiers transférés avant`,
    );
    await expectEachMovedOnce(id, counts, 'caf-75');
    for (const registrationId of inFlight.ids)
      await waitForStatus(stack.db, registrationId, 'in_moderation', 120_000);
    const events: Array<{ type: string; n: number }> = await stack
      .db('case_events')
      .whereIn('registration_id', inFlight.ids)
      .groupBy('registration_id', 'type')
      .select('type', stack.db.raw('count(*)::int as n'));
    expect(events.filter((event) => event.n !== 1)).toEqual([]);
    for (const type of ['submitted', 'identity_checked', 'routed'])
      expect(
        events.filter((event) => event.type === type),
        type,
      ).toHaveLength(inFlight.ids.length);
  }, 400_000);
});
