/**
 * The worker killed (SIGKILL, as a crash or the OOM killer would) with 200 registrations in flight,
 * then with 100 decisions in flight; a new worker process starts at once. Every case ends where it
 * should, with one case row and one workflow; no email is lost, and a duplicate is only ever a
 * message that was on the wire at the instant of the kill; the identity registry is asked again
 * only for a check that was in flight; and every case in flight moves again within 10 seconds.
 */
import { loadavg } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCommands } from '../../api/cases/commands.ts';
import { Problem } from '../../api/problem.ts';
import { startSmtpCatcher, type RunningSmtpCatcher } from '../../stack/smtp-catcher.ts';
import { childminderWorkflowId } from '../../workflows/childminder.ts';
import { registrationWorkflowId } from '../../workflows/registration.ts';
import { createUser } from '../support/fixtures.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';
import {
  allReach,
  drafts,
  inBatches,
  progressAfter,
  statusCounts,
  takenUpAfter,
  timelineAround,
  type Draft,
} from './support/cases.ts';
import { startSngiProxy, type SngiProxy } from './support/sngi-proxy.ts';
import { startWorkerProcess, type WorkerProcessHandle } from './support/worker-process.ts';

/** The goal: a worker takes up every case in flight again within this long after the kill. */
const RECOVERY_GOAL_MS = 10_000;
/** A message is "on the wire at the kill" if the catcher got it this close to the kill. */
const KILL_WINDOW_MS = 1_000;

let stack: FileStack;
let smtp: RunningSmtpCatcher;
let sngi: SngiProxy;
let env: NodeJS.ProcessEnv;
let worker: WorkerProcessHandle;
let cases: Draft[];

beforeAll(async () => {
  // Their own SMTP catcher: hundreds of messages, counted by Message-ID, without crowding the shared one.
  smtp = await startSmtpCatcher({ smtpPort: 0, httpPort: 0, kept: 10_000 });
  stack = await setUpFile('faults-worker-kill', {
    worker: false,
    services: { smtpUrl: smtp.smtpUrl, mailboxUrl: smtp.mailboxUrl },
  });
  // Each identity check takes 3 s: checks are in flight when the worker dies.
  // Answers spread over about ten seconds (a second, then 50 ms more per call): however fast the
  // rest of a registration is, many checks are still waiting when the worker is killed.
  sngi = await startSngiProxy(stack.sngi.url, (rank) => 1000 + (rank % 200) * 50);
  env = { ...stack.workerEnv, SNGI_URL: sngi.url };
  worker = await startWorkerProcess(env);
  cases = await drafts(stack, 200);
}, 300_000);
afterAll(async () => {
  await worker?.stop();
  await sngi?.stop();
  await stack?.teardown();
  await smtp?.stop();
});

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** "at most X (median Y)" of delays in ms. */
function spread(delays: number[]): string {
  const sorted = [...delays].sort((a, b) => a - b);
  return `${seconds(sorted.at(-1)!)} au plus (médiane ${seconds(sorted[sorted.length >> 1]!)})`;
}

/** On a recovery slower than the goal, what the slowest workflow went through. */
async function explainSlowest(workflowIds: string[], takenUp: number[], killedAt: number) {
  const slowest = workflowIds[takenUp.indexOf(Math.max(...takenUp))]!;
  if (Math.max(...takenUp) >= RECOVERY_GOAL_MS)
    console.log(
      `${slowest}, autour de l’arrêt :\n${await timelineAround(stack.temporal, slowest, killedAt)}`,
    );
}

/** How many times the catcher received each case's email of `kind` (its Message-ID is stable). */
function receipts(kind: string, ids: string[]) {
  const times = new Map<string, number[]>(ids.map((id) => [`<${id}.${kind}@registre-assmat>`, []]));
  for (const mail of smtp.messages) times.get(mail.messageId ?? '')?.push(Date.parse(mail.receivedAt));
  return times;
}

/**
 * Waits until every case's email of `kind` arrived; none may be missing, and a duplicate is only a
 * message the catcher had just got as the worker died (before the outbox could note it sent).
 */
async function checkDelivered(kind: string, ids: string[], killedAt: number) {
  await expect
    .poll(() => [...receipts(kind, ids).values()].filter((times) => times.length > 0).length, {
      timeout: 60_000,
      interval: 250,
    })
    .toBe(ids.length);
  const duplicated = [...receipts(kind, ids)].filter(([, times]) => times.length > 1);
  for (const [messageId, times] of duplicated)
    expect.soft(Math.abs(Math.min(...times) - killedAt), messageId).toBeLessThan(KILL_WINDOW_MS);
  return duplicated.length;
}

describe('a worker killed mid-run', () => {
  it('loses and repeats nothing of 200 registrations in flight, none held more than 10 s by the dead worker', async () => {
    const ids = cases.map((c) => c.registrationId);
    const commands = caseCommands(stack.deps);
    await inBatches(cases, 50, (c) => commands.submit(c.registrationId, c.owner.id, c.owner.actor));

    // Kill once some have reached the queue, most still being checked.
    await expect
      .poll(async () => (await statusCounts(stack, ids)).in_moderation ?? 0, {
        timeout: 60_000,
        interval: 100,
      })
      .toBeGreaterThanOrEqual(10);
    const killedAt = Date.now();
    await worker.kill();
    // A call the dead worker made started before it died: a little after `killedAt` is still its own.
    const deadAt = Date.now();
    const inFlight: string[] = await stack
      .db('cases')
      .whereIn('registration_id', ids)
      .whereNot('status', 'in_moderation')
      .pluck('registration_id');
    // Many are still being checked: the registry's answers are spread over ten seconds (killed once 20
    // had reached the queue, a loaded CI machine saw 29 to 52 of 200 in flight; once 10 have, more).
    expect(inFlight.length).toBeGreaterThan(25);

    worker = await startWorkerProcess(env);
    const written = await progressAfter(stack, inFlight, killedAt, 60_000);
    await allReach(stack, ids, 'in_moderation', 120_000);
    const takenUp = await takenUpAfter(stack.temporal, inFlight.map(registrationWorkflowId), killedAt);

    // One case row each, and one workflow each (running, waiting for a moderator).
    expect
      .soft(await stack.db('cases').whereIn('registration_id', ids).count({ n: '*' }))
      .toEqual([{ n: '200' }]);
    const described = await inBatches(ids, 20, (id) =>
      stack.temporal.workflow.getHandle(registrationWorkflowId(id)).describe(),
    );
    expect.soft(described.map((d) => d.status.name)).toEqual(ids.map(() => 'RUNNING'));
    expect.soft(new Set(described.map((d) => d.runId)).size).toBe(200);

    // The registry: one stored answer per case; a second call only for a check that was in flight.
    expect
      .soft(await stack.db('identity_checks').whereIn('registration_id', ids).count({ n: '*' }))
      .toEqual([{ n: '200' }]);
    const byKey = Map.groupBy(sngi.calls, (call) => call.key);
    const repeated = [...byKey.values()].filter((calls) => calls.length > 1);
    for (const calls of repeated) expect.soft(calls[0]!.startedAt).toBeLessThanOrEqual(deadAt);
    expect.soft(byKey.size, 'une clé par vérification').toBe(200);

    const duplicates = await checkDelivered('submitted', ids, killedAt);
    console.log(
      `arrêt brutal du worker, 200 inscriptions : ${inFlight.length} en cours ; nouveau worker prêt en ` +
        `${seconds(worker.readyAt - killedAt)} ; toutes reprises en ${spread(takenUp)}, leur étape suivante écrite en ` +
        `${spread(written)} ; courriels en double : ${duplicates} ; appels SNGI répétés : ${repeated.length} ; ` +
        `charge de la machine : ${loadavg()[0]!.toFixed(1)}`,
    );
    await explainSlowest(inFlight.map(registrationWorkflowId), takenUp, killedAt);
    await expectShortTimeouts(inFlight.map(registrationWorkflowId));
  }, 300_000);

  it('does the same with 100 decisions in flight: each case decided once, each email sent once', async () => {
    // The first test may have failed with its worker killed: this one needs a live worker first.
    const dead = await Promise.race([
      worker.exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 200)),
    ]);
    if (dead) worker = await startWorkerProcess(env);
    const decided = cases.slice(0, 100);
    const ids = decided.map((c) => c.registrationId);
    const commands = caseCommands(stack.deps);
    const moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
    /** A moderator's click, and her click again if the first got an error (not if it was refused). */
    const clickAgain = async <T>(click: () => Promise<T>) => {
      for (;;) {
        try {
          return await click();
        } catch (error) {
          if (error instanceof Problem && error.status < 500) return error.code; // already done
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
    };
    await inBatches(decided, 20, (c) => clickAgain(() => commands.claim(c.registrationId, moderator)));
    const decide = (c: Draft) =>
      clickAgain(() =>
        commands.decide(c.registrationId, { actor: moderator, kind: 'approve', messageId: null }),
      );
    // All at once, as a hundred moderators would: every one is in flight until it answers.
    const answered = new Set<string>();
    const decisions = Promise.all(
      decided.map(async (c) => {
        await decide(c);
        answered.add(c.registrationId);
      }),
    );
    await expect
      .poll(async () => (await statusCounts(stack, ids)).active ?? 0, { timeout: 60_000, interval: 100 })
      .toBeGreaterThanOrEqual(10);
    const killedAt = Date.now();
    await worker.kill();
    // In flight: sent, not answered, and the case not yet moved to active.
    const active = new Set<string>(
      await stack
        .db('cases')
        .whereIn('registration_id', ids)
        .where({ status: 'active' })
        .pluck('registration_id'),
    );
    const inFlight = ids.filter((id) => !answered.has(id) && !active.has(id));
    expect(inFlight.length).toBeGreaterThan(20);

    worker = await startWorkerProcess(env);
    const written = await progressAfter(stack, inFlight, killedAt, 60_000);
    await decisions;
    await allReach(stack, ids, 'active', 120_000);
    const takenUp = await takenUpAfter(stack.temporal, inFlight.map(registrationWorkflowId), killedAt);

    // Each case approved once, handed to one lifecycle.
    const approvals = await stack
      .db('case_events')
      .whereIn('registration_id', ids)
      .where({ type: 'approved' })
      .groupBy('registration_id')
      .select('registration_id', stack.db.raw('count(*) as n'));
    expect.soft(approvals.map((row) => Number(row.n))).toEqual(ids.map(() => 1));
    const lifecycles = await inBatches(ids, 20, (id) =>
      stack.temporal.workflow.getHandle(childminderWorkflowId(id)).describe(),
    );
    expect.soft(lifecycles.map((d) => d.status.name)).toEqual(ids.map(() => 'RUNNING'));

    const duplicates = await checkDelivered('approved', ids, killedAt);
    console.log(
      `arrêt brutal du worker, 100 décisions : ${inFlight.length} en cours ; toutes reprises en ${spread(takenUp)}, ` +
        `leur étape suivante écrite en ${spread(written)} ; courriels en double : ${duplicates} ; ` +
        `charge de la machine : ${loadavg()[0]!.toFixed(1)}`,
    );
    await explainSlowest(inFlight.map(registrationWorkflowId), takenUp, killedAt);
    await expectShortTimeouts(inFlight.map(registrationWorkflowId));
  }, 300_000);
});

/**
 * What makes the recovery fast, read from the histories rather than timed (the measured figure is
 * printed above, and depends on the machine's load): every workflow task and every activity of the
 * cases in flight is one a dead worker holds for a few seconds at most — a short start-to-close, or
 * a heartbeat — so that another worker takes it up within RECOVERY_GOAL_MS on an idle machine.
 */
async function expectShortTimeouts(workflowIds: string[]) {
  const held = await inBatches(workflowIds, 20, async (workflowId) => {
    const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
    const seconds = (d?: { seconds?: unknown; nanos?: number | null } | null) =>
      d ? Number(d.seconds ?? 0) + (d.nanos ?? 0) / 1e9 : Infinity;
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    const longest = [seconds(started?.workflowTaskTimeout)];
    for (const event of history.events ?? []) {
      const activity = event.activityTaskScheduledEventAttributes;
      if (activity)
        longest.push(Math.min(seconds(activity.startToCloseTimeout), seconds(activity.heartbeatTimeout)));
    }
    return Math.max(...longest);
  });
  expect(
    Math.max(...held),
    'le plus long délai qu’un worker arrêté peut retenir une tâche (s)',
  ).toBeLessThanOrEqual(RECOVERY_GOAL_MS / 1000);
}
