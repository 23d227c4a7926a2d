/**
 * The main job, measured: N registrations driven through the HTTP API at a concurrency C, from the
 * draft (four sections, the agrément uploaded to S3 and checked) to the moderation queue, a sample
 * of them on to active (claim, approve); and in the same run two floors on the same Temporal server
 * and worker settings: a no-op with the round trips of the registration before issue 10
 * (Update-With-Start, six empty activities) and the least a registration can be (Update-With-Start,
 * one activity). Prints a markdown table: rates, ratios, latencies, what one history costs, CPU.
 *
 *   node bench/registrations.ts                       # N=100, C=20, 10 approved
 *   REGISTRATIONS=200 CONCURRENCY=20 APPROVED=20 node bench/registrations.ts
 *   TEMPORAL_ADDRESS=… DATABASE_URL=… node bench/registrations.ts   # configured services
 */
import { WithStartWorkflowOperation } from '@temporalio/client';
import { createSession } from '../api/auth/sessions.ts';
import { registrationWorkflowId } from '../workflows/registration.ts';
import { postToS3 } from '../tests/support/api-client.ts';
import { createUser, registrationFor, samplePdf } from '../tests/support/fixtures.ts';
import { historyCost } from '../tests/support/history-cost.ts';
import { cpuByProcess } from './stack.ts';
import { check, measuredOn, ms, percentile, pool, startDrivenStack } from './drive.ts';
import { goUpdate, oneStep, sixSteps } from './floor-workflows.ts';

const N = Number(process.env.REGISTRATIONS ?? 100);
const C = Number(process.env.CONCURRENCY ?? 20);
const APPROVED = Math.min(N, Number(process.env.APPROVED ?? 10));

const started = Date.now();
// The floors run with the case worker's settings, so that only the workflow code differs.
const driven = await startDrivenStack({
  prefix: 'bench_registrations',
  floorWorkflows: new URL('./floor-workflows.ts', import.meta.url),
  floorActivities: { nothing: async () => {} },
});
const { stack, temporal, floorQueue, api } = driven;

// ——— Drafts: her account, the four sections, the agrément in S3 and checked (Update-With-Start). ———
const pdf = await samplePdf();
const cases: Array<{ id: string; token: string }> = [];
const attachLatency: number[] = [];
const draftsFrom = performance.now();
await pool(N, C, async () => {
  const owner = await createUser(stack.db);
  const { token } = await createSession(stack.db, owner.id, 'childminder');
  const created = await api.post('/api/registrations', {}, token);
  check(created, 'brouillon');
  const id: string = created.body.id;
  const data = registrationFor();
  for (const section of ['identity', 'agrement', 'contact', 'availability'] as const)
    check(await api.put(`/api/registrations/${id}/sections/${section}`, data[section], token), section);
  const prepared = await api.post(
    `/api/registrations/${id}/documents`,
    { fileName: 'agrement.pdf', contentType: 'application/pdf', size: pdf.length },
    token,
  );
  check(prepared, 'envoi préparé');
  await postToS3(prepared.body.upload, pdf, 'agrement.pdf', 'application/pdf');
  const at = performance.now();
  const verified = await api.post(
    `/api/registrations/${id}/documents/${prepared.body.documentId}/verify`,
    {},
    token,
  );
  attachLatency.push(performance.now() - at);
  if (verified.body?.status !== 'accepted') throw new Error(`document : ${JSON.stringify(verified.body)}`);
  cases.push({ id, token });
});
const draftsSeconds = (performance.now() - draftsFrom) / 1000;

// ——— A floor: N no-op workflows, Update-With-Start then their end, C at a time. ———
async function floor(workflow: typeof sixSteps) {
  const latency: number[] = [];
  const from = performance.now();
  const prefix = `${workflow.name}-${Date.now().toString(36)}`;
  await pool(N, C, async (i) => {
    const at = performance.now();
    const start = new WithStartWorkflowOperation(workflow, {
      workflowId: `${prefix}-${i}`,
      taskQueue: floorQueue,
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    await temporal.workflow.executeUpdateWithStart(goUpdate, { startWorkflowOperation: start });
    latency.push(performance.now() - at);
    await (await start.workflowHandle()).result();
  });
  return {
    rate: N / ((performance.now() - from) / 1000),
    p50: percentile(latency, 0.5),
    p95: percentile(latency, 0.95),
  };
}

// ——— The registrations: submit (HTTP), then each case seen in the queue (the projection). ———
async function registrations() {
  const submitted = new Map<string, number>();
  const queued = new Map<string, number>();
  const submitLatency: number[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling || queued.size < submitted.size) {
      const waiting = [...submitted.keys()].filter((id) => !queued.has(id));
      if (waiting.length) {
        const rows: string[] = await stack
          .db('cases')
          .whereIn('registration_id', waiting)
          .andWhere({ status: 'in_moderation' })
          .pluck('registration_id');
        const now = performance.now();
        for (const id of rows) queued.set(id, now);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  const from = performance.now();
  await pool(N, C, async (i) => {
    const { id, token } = cases[i]!;
    const at = performance.now();
    check(await api.post(`/api/registrations/${id}/submit`, {}, token), 'dépôt');
    submitLatency.push(performance.now() - at);
    submitted.set(id, at);
  });
  polling = false;
  await poller;
  const last = Math.max(...queued.values());
  const toQueue = [...queued].map(([id, at]) => at - submitted.get(id)!);
  return {
    rate: N / ((last - from) / 1000),
    p50: percentile(submitLatency, 0.5),
    p95: percentile(submitLatency, 0.95),
    toQueueP95: percentile(toQueue, 0.95),
  };
}

const cpuBefore = cpuByProcess();
const floorSix = await floor(sixSteps);
const measureFrom = cpuByProcess();
const ours = await registrations();
const measureTo = cpuByProcess();
const floorOne = await floor(oneStep);

// ——— A sample on to active: the pivot CAF's moderator claims and approves (HTTP). ———
const moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
const { token: staffToken } = await createSession(stack.db, moderator.id, 'moderator');
const decideLatency: number[] = [];
await pool(APPROVED, Math.min(C, APPROVED), async (i) => {
  const { id } = cases[i]!;
  check(await api.post(`/api/staff/cases/${id}/claim`, {}, staffToken), 'prise en charge');
  const at = performance.now();
  check(await api.post(`/api/staff/cases/${id}/decision`, { kind: 'approve' }, staffToken), 'validation');
  decideLatency.push(performance.now() - at);
});
const approvedHandle = temporal.workflow.getHandle(registrationWorkflowId(cases[0]!.id));
await approvedHandle.result();
const cost = historyCost(await approvedHandle.fetchHistory());
const queuedCost = historyCost(
  await temporal.workflow.getHandle(registrationWorkflowId(cases[N - 1]!.id)).fetchHistory(),
);

// ——— The table ———
const cpu = [...measureTo]
  .map(([name, total]) => [name, total - (measureFrom.get(name) ?? 0)] as const)
  .filter(([, used]) => used >= 0.05)
  .sort((a, b) => b[1] - a[1]);
const cpuTotal = cpu.reduce((sum, [, used]) => sum + used, 0);
console.log(
  `\n${measuredOn(
    stack.kind,
    `N=${N}, C=${C}; drafts ready in ${draftsSeconds.toFixed(0)} s; ${((Date.now() - started) / 1000).toFixed(0)} s in all; ` +
      `CPU before the floors ${[...cpuBefore.values()].reduce((x, y) => x + y, 0).toFixed(0)} s`,
  )}\n`,
);
console.log('| measure | value |\n|---|---:|');
const rows: Array<[string, string]> = [
  ['registrations/s, submit → queue', ours.rate.toFixed(1)],
  ['floor A (UWS + 6 empty activities), runs/s', floorSix.rate.toFixed(1)],
  ['floor B (UWS + 1 empty activity), runs/s', floorOne.rate.toFixed(1)],
  ['ratio: floor A / registrations', (floorSix.rate / ours.rate).toFixed(2)],
  ['ratio: floor B / registrations', (floorOne.rate / ours.rate).toFixed(2)],
  ['submit p50 / p95', `${ms(ours.p50)} / ${ms(ours.p95)}`],
  ['floor B Update p50 / p95', `${ms(floorOne.p50)} / ${ms(floorOne.p95)}`],
  ['time to queue p95', ms(ours.toQueueP95)],
  [
    'document check (attach, UWS) p50 / p95',
    `${ms(percentile(attachLatency, 0.5))} / ${ms(percentile(attachLatency, 0.95))}`,
  ],
  [
    `approve p50 / p95 (${APPROVED})`,
    `${ms(percentile(decideLatency, 0.5))} / ${ms(percentile(decideLatency, 0.95))}`,
  ],
  ['history draft → active: events', String(cost.events)],
  ['… workflow tasks', String(cost.workflowTasks)],
  ['… activities / local activities', `${cost.activities} / ${cost.localActivities}`],
  ['… search-attribute upserts', String(cost.upserts)],
  ['… Updates / timers / child starts', `${cost.updates} / ${cost.timers} / ${cost.childStarts}`],
  ['… size', `${(cost.bytes / 1024).toFixed(1)} KB`],
  ['history draft → queue: events / workflow tasks', `${queuedCost.events} / ${queuedCost.workflowTasks}`],
  ...cpu.map(
    ([name, used]) =>
      [
        `CPU during the registrations: ${name}`,
        `${used.toFixed(1)} s (${((100 * used) / cpuTotal).toFixed(0)} %)`,
      ] as [string, string],
  ),
];
for (const [label, value] of rows) console.log(`| ${label} | ${value} |`);

await driven.stop();
