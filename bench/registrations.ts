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
import { newKeyEnv, readKeyRing } from '../infra/keys.ts';
import { failureConverterPath, sealedDataConverter } from '../infra/temporal/data-converter.ts';
import { execSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createApp } from '../api/app.ts';
import { createSession } from '../api/auth/sessions.ts';
import { openMailer } from '../infra/mailer.ts';
import { createWorkers, WORKFLOW_TASKS_AT_ONCE, bundleWorkflows } from '../worker/create-worker.ts';
import { registrationWorkflowId } from '../workflows/registration.ts';
import { apiClient, postToS3 } from '../tests/support/api-client.ts';
import { createUser, registrationFor, samplePdf } from '../tests/support/fixtures.ts';
import { historyCost } from '../tests/support/history-cost.ts';
import { cpuByProcess, startBenchStack } from './stack.ts';
import { goUpdate, oneStep, sixSteps } from './floor-workflows.ts';

const N = Number(process.env.REGISTRATIONS ?? 100);
const C = Number(process.env.CONCURRENCY ?? 20);
const APPROVED = Math.min(N, Number(process.env.APPROVED ?? 10));

/** Runs `job` for 0..count-1, `concurrency` at a time. */
async function pool(count: number, concurrency: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(count, concurrency) }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

Runtime.install({ logger: new DefaultLogger('ERROR') });
const started = Date.now();
const stack = await startBenchStack('bench_registrations');
// Keys of this run only: payloads are sealed as in production, so the codec's cost is measured too.
const keyEnv = newKeyEnv('bench');
Object.assign(process.env, keyEnv); // the fixtures seal staff accounts' second factor with them
const keys = readKeyRing(keyEnv);
const connection = await Connection.connect({ address: stack.temporalAddress });
const temporal = new Client({
  connection,
  namespace: stack.namespace,
  dataConverter: sealedDataConverter(keys),
});
const workerConnection = await NativeConnection.connect({ address: stack.temporalAddress });
const taskQueue = `bench-registrations-${Date.now().toString(36)}`;
const floorQueue = `${taskQueue}-floor`;
const publicUrl = 'http://localhost:3000';
const mailer = openMailer(stack.smtpUrl, 'Registre <ne-pas-repondre@registre.test>');
const policy = { documentReminderAfter: '1 day', identityRetryMaxInterval: '1 second' };
const workers = await createWorkers({
  connection: workerConnection,
  namespace: stack.namespace,
  taskQueue,
  keys,
  deps: { db: stack.db, temporal, storage: stack.storage, mailer, sngiUrl: stack.sngiUrl, publicUrl },
  workflowBundle: await bundleWorkflows(),
});
// The floors run with the case worker's settings, so that only the workflow code differs.
const floorWorker = await Worker.create({
  connection: workerConnection,
  namespace: stack.namespace,
  taskQueue: floorQueue,
  dataConverter: sealedDataConverter(keys),
  workflowBundle: await bundleWorkflowCode({
    workflowsPath: new URL('./floor-workflows.ts', import.meta.url).pathname,
    failureConverterPath,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
  }),
  activities: { nothing: async () => {} },
  maxConcurrentWorkflowTaskExecutions: WORKFLOW_TASKS_AT_ONCE,
});
const running = Promise.all([workers.run(), floorWorker.run()]);
const server = createApp({
  db: stack.db,
  storage: stack.storage,
  temporal,
  taskQueue,
  policy,
  publicUrl,
  keys,
}).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const api = apiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);

function check(response: { status: number; body: unknown }, what: string, expected = [200, 201]) {
  if (!expected.includes(response.status))
    throw new Error(`${what} : ${response.status} ${JSON.stringify(response.body)}`);
}

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
const commit = execSync('git rev-parse --short HEAD').toString().trim();
const dirty = execSync('git status --porcelain -- workflows activities api worker').toString().trim();
const cpu = [...measureTo]
  .map(([name, total]) => [name, total - (measureFrom.get(name) ?? 0)] as const)
  .filter(([, used]) => used >= 0.05)
  .sort((a, b) => b[1] - a[1]);
const cpuTotal = cpu.reduce((sum, [, used]) => sum + used, 0);
console.log(
  `\n${new Date().toISOString().slice(0, 16)} UTC, ${stack.kind} stack, commit ${commit}${dirty ? ' (modified)' : ''}, ` +
    `${cpus().length} × ${cpus()[0]?.model.trim()}, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} (1/5/15 min) at the end; ` +
    `N=${N}, C=${C}; drafts ready in ${draftsSeconds.toFixed(0)} s; ${((Date.now() - started) / 1000).toFixed(0)} s in all; ` +
    `CPU before the floors ${[...cpuBefore.values()].reduce((a, b) => a + b, 0).toFixed(0)} s.\n`,
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

server.close();
workers.shutdown();
floorWorker.shutdown();
await running;
await workerConnection.close();
await connection.close();
mailer.close();
await stack.stop();
