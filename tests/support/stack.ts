/**
 * What one test file gets: its own database (a copy of the migrated template), its own Temporal
 * task queue and workers (the case's, the document checks' on their own queue, and the outbox's
 * delivery to the shared SMTP catcher), an SNGI simulator of its own (so outages do not leak
 * between files), and optionally the API listening on a free port. All against the real services of
 * global-setup.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import {
  NativeConnection,
  Runtime,
  Worker,
  DefaultLogger,
  type ActivityInterceptorsFactory,
} from '@temporalio/worker';
import { inject } from 'vitest';
import { createApp } from '../../api/app.ts';
import type { ApiDeps } from '../../api/context.ts';
import type { RegistrationPolicy } from '../../domain/policy.ts';
import { openDb, type Db } from '../../infra/db.ts';
import { readWorkflowCacheSize } from '../../infra/config.ts';
import { readKeyRing } from '../../infra/keys.ts';
import { sealedDataConverter } from '../../infra/temporal/data-converter.ts';
import { openMailer } from '../../infra/mailer.ts';
import { openStorage, type Storage } from '../../infra/s3.ts';
import { startSngiSimulator, type RunningSngi } from '../../stack/sngi-simulator.ts';
import { createWorkers, type WorkerProcess } from '../../worker/create-worker.ts';
import type { TestStack } from './global-setup.ts';
import {
  recordedValues,
  recordStoredPeople,
  scanHistories,
  scanLogs,
  tapConsole,
} from './personal-data-scan.ts';

/** Short durations, so that reminders and retries happen within a test. */
export const TEST_POLICY: RegistrationPolicy = {
  documentReminderAfter: '3 seconds',
  identityRetryMaxInterval: '1 second',
};

export interface FileStack {
  db: Db;
  storage: Storage;
  sngi: RunningSngi;
  temporal: Client;
  taskQueue: string;
  deps: ApiDeps;
  /** The in-process workers; null when the file runs its worker as a process of its own. */
  workers: WorkerProcess | null;
  /** The environment of a worker process (worker/main.ts) serving this file's task queue. */
  workerEnv: NodeJS.ProcessEnv;
  /** Base URL of the API, when started. */
  apiUrl: string;
  mailboxUrl: string;
  /** Saves a workflow's history for the replay check at the end of the file. */
  keepHistory(handle: WorkflowHandle): Promise<void>;
  /** Replays every kept history with the current workflow code; returns the failures (empty when deterministic). */
  replayKeptHistories(): Promise<{ count: number; failures: string[] }>;
  teardown(): Promise<void>;
}

/** What the case helpers need of a stack: the embedded test stack and the cluster stack both give it. */
export type CaseStack = Pick<FileStack, 'db' | 'storage' | 'deps'>;

/** Histories kept in the repository, replayed by tests/workflows/replay.test.ts against today's code. */
export const RECORDED_HISTORIES = new URL('../workflows/histories/', import.meta.url).pathname;

let runtimeInstalled = false;

/** Services a file brings of its own instead of the shared ones (the fault suite stops them). */
export type OwnServices = Partial<Omit<TestStack, 'workflowBundlePath'>>;

export async function setUpFile(
  name: string,
  options: {
    api?: boolean;
    policy?: RegistrationPolicy;
    /** False: no worker in this process (the file starts worker/main.ts itself, with `workerEnv`). */
    worker?: boolean;
    services?: OwnServices;
    /** Interceptors of the in-process worker's case activities (a fault test fails an attempt). */
    activityInterceptors?: ActivityInterceptorsFactory[];
  } = {},
): Promise<FileStack> {
  const stack: TestStack = { ...inject('stack'), ...options.services };
  tapConsole(); // the logs of the in-process API and workers, for the personal-data scan
  if (!runtimeInstalled) {
    // Activity retries (the SNGI outage test) would flood the output at WARN.
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    runtimeInstalled = true;
  }
  const database = `t_${name.replace(/\W/g, '_')}_${randomUUID().slice(0, 8)}`;
  const admin = openDb(stack.postgresAdminUrl, { max: 1 });
  await admin.raw(`create database "${database}" template "${stack.templateDatabase}"`);
  await admin.destroy();
  const databaseUrl = stack.postgresAdminUrl.replace(/\/postgres$/, `/${database}`);
  const db = openDb(databaseUrl);

  const storage = openStorage({ ...stack.s3, publicEndpoint: stack.s3.endpoint, region: 'us-east-1' });
  const sngi = await startSngiSimulator(0);
  const mailer = openMailer(stack.smtpUrl, 'Registre <ne-pas-repondre@registre.test>');
  // The run's keys (global-setup): worker processes read them from `workerEnv`, like production.
  const keys = readKeyRing(stack.dataKeys);
  Object.assign(process.env, stack.dataKeys); // the fixtures seal with them too (fixtures.ts)
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const temporal = new Client({ connection, dataConverter: sealedDataConverter(keys) });
  const taskQueue = `${name}-${randomUUID().slice(0, 8)}`;
  const deps: ApiDeps = {
    db,
    storage,
    temporal,
    taskQueue,
    policy: options.policy ?? TEST_POLICY,
    publicUrl: 'http://localhost:3000',
    keys,
  };

  const workerEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    S3_ENDPOINT: stack.s3.endpoint,
    S3_ACCESS_KEY: stack.s3.accessKey,
    S3_SECRET_KEY: stack.s3.secretKey,
    S3_BUCKET: stack.s3.bucket,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    SNGI_URL: sngi.url,
    SMTP_URL: stack.smtpUrl,
    PUBLIC_URL: deps.publicUrl,
    WORKFLOW_BUNDLE: stack.workflowBundlePath,
    ...stack.dataKeys,
  };

  const workerConnection =
    options.worker === false ? null : await NativeConnection.connect({ address: stack.temporalAddress });
  const workers = workerConnection
    ? await createWorkers({
        connection: workerConnection,
        namespace: 'default',
        taskQueue,
        keys,
        deps: { db, temporal, storage, mailer, sngiUrl: sngi.url, publicUrl: deps.publicUrl },
        workflowBundle: { codePath: stack.workflowBundlePath },
        cachedWorkflows: readWorkflowCacheSize(process.env),
        activityInterceptors: options.activityInterceptors,
      })
    : null;
  const running = workers?.run();

  let server: Server | null = null;
  let apiUrl = '';
  if (options.api) {
    server = createApp(deps).listen(0, '127.0.0.1');
    await new Promise((resolve) => server!.once('listening', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const histories: Array<{
    workflowId: string;
    history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
  }> = [];

  return {
    db,
    storage,
    sngi,
    temporal,
    taskQueue,
    deps,
    workers,
    workerEnv,
    apiUrl,
    mailboxUrl: stack.mailboxUrl,
    async keepHistory(handle) {
      histories.push({ workflowId: handle.workflowId, history: await handle.fetchHistory() });
    },
    async replayKeptHistories() {
      const failures: string[] = [];
      const replays = Worker.runReplayHistories(
        { workflowBundle: { codePath: stack.workflowBundlePath }, dataConverter: sealedDataConverter(keys) },
        histories,
      );
      for await (const result of replays) {
        if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
      }
      if (process.env.RECORD_HISTORIES) {
        mkdirSync(RECORDED_HISTORIES, { recursive: true });
        const seen = new Map<string, number>();
        for (const { workflowId, history } of histories) {
          // Several runs of one workflow (continue-as-new) each get their own file.
          const run = (seen.get(workflowId) ?? 0) + 1;
          seen.set(workflowId, run);
          const file = `${name}-${workflowId.replace(/\W/g, '_')}${run > 1 ? `-run${run}` : ''}.json`;
          writeFileSync(path.join(RECORDED_HISTORIES, file), JSON.stringify(history));
        }
      }
      return { count: histories.length, failures };
    },
    async teardown() {
      server?.close();
      workers?.shutdown();
      await running;
      // Before the server goes: nothing of the people this file used, in its histories or its logs.
      const scanned = await scanFile(connection, db, keys, taskQueue).catch((error: Error) => [
        `analyse impossible : ${error.message}`,
      ]);
      await workerConnection?.close();
      await connection.close();
      await sngi.stop();
      mailer.close();
      await db.destroy();
      if (scanned.length)
        throw new Error(`Données personnelles en clair (${name}) :\n${scanned.slice(0, 20).join('\n')}`);
    },
  };
}

/** The file's personal-data scan: its histories (without the codec) and its logs; the findings. */
async function scanFile(
  connection: Connection,
  db: Db,
  keys: ReturnType<typeof readKeyRing>,
  taskQueue: string,
): Promise<string[]> {
  const started = Date.now();
  await recordStoredPeople(db, keys);
  const { histories, findings } = await scanHistories(connection, 'default', `TaskQueue = '${taskQueue}'`);
  const inLogs = scanLogs();
  if (process.env.PERSONAL_DATA_SCAN_REPORT)
    console.info(
      `Analyse des données personnelles : ${histories} historiques, ${inLogs.lines} lignes de journal, ` +
        `${recordedValues()} valeurs cherchées, ${Date.now() - started} ms`,
    );
  return [...findings, ...inLogs.findings];
}
