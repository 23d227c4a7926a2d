/**
 * What the benchmarks that drive the product share (bench/registrations.ts, bench/declarations.ts,
 * bench/reassignment.ts, bench/surge.ts): the stack of bench/stack.ts, the product's workers with their own settings
 * (in this process, or with `BENCH_WORKER=process` in a process of their own, `worker/main.ts`, so that
 * their memory is measured apart), a worker for a floor's workflows (bundled apart, same settings), the
 * API in this process, and the line that says when, where and on what a table was measured.
 */
import { execSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { createApp } from '../api/app.ts';
import { newKeyEnv, readKeyRing } from '../infra/keys.ts';
import { readWorkflowCacheSize } from '../infra/config.ts';
import { openMailer } from '../infra/mailer.ts';
import { failureConverterPath, sealedDataConverter } from '../infra/temporal/data-converter.ts';
import { createWorkers, WORKFLOW_TASKS_AT_ONCE, bundleWorkflows } from '../worker/create-worker.ts';
import { DEFAULT_LIFECYCLE_POLICY, type LifecyclePolicy } from '../domain/policy.ts';
import { childminder, childminderWorkflowId, type LifecycleState } from '../workflows/childminder.ts';
import { apiClient } from '../tests/support/api-client.ts';
import { startBenchStack } from './stack.ts';
import { startWorkerProcess, workerApart } from './worker-process.ts';

/** Runs `job` for 0..count-1, `concurrency` at a time. */
export async function pool(count: number, concurrency: number, job: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(count, concurrency) }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

export function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

export const ms = (value: number) => `${value.toFixed(0)} ms`;

export function check(response: { status: number; body: unknown }, what: string, expected = [200, 201]) {
  if (!expected.includes(response.status))
    throw new Error(`${what} : ${response.status} ${JSON.stringify(response.body)}`);
}

/** Waits until `done()` is true, checking every `everyMs`; throws after `timeoutMs` with `what`. */
export async function until(what: string, timeoutMs: number, done: () => Promise<boolean>, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what} : toujours pas après ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * The stack, the product's workers and API, and a worker on a queue of its own for the floor's
 * workflows and activities, with the case worker's settings.
 */
export async function startDrivenStack(options: {
  prefix: string;
  floorWorkflows: URL;
  floorActivities: Record<string, (...args: never[]) => Promise<unknown>>;
}) {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const stack = await startBenchStack(options.prefix);
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
  const taskQueue = `${options.prefix.replaceAll('_', '-')}-${Date.now().toString(36)}`;
  const floorQueue = `${taskQueue}-floor`;
  const publicUrl = 'http://localhost:3000';
  const mailer = openMailer(stack.smtpUrl, 'Registre <ne-pas-repondre@registre.test>');
  const policy = { documentReminderAfter: '1 day', identityRetryMaxInterval: '1 second' };
  const bundlePath = path.join(tmpdir(), `${taskQueue}-workflows.js`);
  if (workerApart()) writeFileSync(bundlePath, (await bundleWorkflows()).code);
  const apart = workerApart()
    ? await startWorkerProcess({
        workflowBundlePath: bundlePath,
        databaseUrl: stack.databaseUrl,
        s3: stack.s3,
        temporalAddress: stack.temporalAddress,
        namespace: stack.namespace,
        taskQueue,
        smtpUrl: stack.smtpUrl,
        sngiUrl: stack.sngiUrl,
        publicUrl,
        keyEnv,
      })
    : null;
  const workers = apart
    ? { run: () => Promise.resolve(), shutdown: () => {} }
    : await createWorkers({
        connection: workerConnection,
        namespace: stack.namespace,
        taskQueue,
        keys,
        deps: { db: stack.db, temporal, storage: stack.storage, mailer, sngiUrl: stack.sngiUrl, publicUrl },
        workflowBundle: await bundleWorkflows(),
        cachedWorkflows: readWorkflowCacheSize(process.env),
      });
  const floorWorker = await Worker.create({
    connection: workerConnection,
    namespace: stack.namespace,
    taskQueue: floorQueue,
    dataConverter: sealedDataConverter(keys),
    workflowBundle: await bundleWorkflowCode({
      workflowsPath: options.floorWorkflows.pathname,
      failureConverterPath,
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
    }),
    activities: options.floorActivities,
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
  return {
    stack,
    db: stack.db,
    keys,
    temporal,
    taskQueue,
    floorQueue,
    api,
    /** The product's worker when it runs in a process of its own (`BENCH_WORKER=process`), else null. */
    workerProcess: apart,
    async stop() {
      server.close();
      workers.shutdown();
      await apart?.stop();
      rmSync(bundlePath, { force: true });
      floorWorker.shutdown();
      await running;
      await workerConnection.close();
      await connection.close();
      mailer.close();
      await stack.stop();
    },
  };
}

/** When, on which stack and commit, on what machine and under which load a table was measured. */
export function measuredOn(kind: string, what: string): string {
  const commit = execSync('git rev-parse --short HEAD').toString().trim();
  const dirty = execSync('git status --porcelain -- workflows activities api worker bench').toString().trim();
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
  return (
    `${new Date().toISOString().slice(0, 16)} UTC, ${kind} stack, commit ${commit}${dirty ? ' (modified)' : ''}, ` +
    `${cpus().length} × ${cpus()[0]?.model.trim()}, load ${load} (1/5/15 min) at the end; ${what}.`
  );
}

/** Resident memory of this process (API, workers and the bench's clients), in MB. */
export function rssMb(): number {
  return process.memoryUsage().rss / 2 ** 20;
}

/**
 * Starts her lifecycle as activation hands it over (workflows/childminder.ts),
 * as the demo seeding does (stack/demo-profiles.ts), in the state given: active, or with a change
 * waiting for the pivot CAF; the legal calendar unless `policy` gives other deadlines.
 */
export async function startLifecycle(
  temporal: Client,
  taskQueue: string,
  her: { registrationId: string; ownerId: string; officeId: string },
  state: Partial<LifecycleState> = {},
  policy: LifecyclePolicy = DEFAULT_LIFECYCLE_POLICY,
) {
  const initial: LifecycleState = {
    status: 'active',
    seq: 2,
    officeId: her.officeId,
    holderId: null,
    dueAt: null,
    decision: null,
    identityOutcome: 'certified',
    verifiedOfficeId: her.officeId,
    submittedAt: null,
    registrationSubmittedAt: null,
    pendingChange: null,
    availability: 'available',
    lastDeclaredAt: new Date().toISOString(),
    overdueDeadline: null,
    consecutiveMisses: 0,
    ...state,
  };
  await temporal.workflow.start(childminder, {
    workflowId: childminderWorkflowId(her.registrationId),
    taskQueue,
    workflowIdConflictPolicy: 'USE_EXISTING',
    args: [
      {
        registrationId: her.registrationId,
        ownerId: her.ownerId,
        policy,
        state: initial,
      },
    ],
  });
}
