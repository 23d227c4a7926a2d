/**
 * What one cluster test file gets: its own database (a copy of the migrated template) and task queue,
 * and the register's real processes (`node worker/main.ts` × N, `node api/main.ts`) started with the
 * production variables only, against the cluster of global-setup.ts. The test process itself holds a
 * Temporal client and the case helpers' dependencies, for what the API would otherwise drive.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { inject } from 'vitest';
import type { ApiDeps } from '../../api/context.ts';
import { loadConfig } from '../../infra/config.ts';
import { openDb, type Db } from '../../infra/db.ts';
import { openStorage, type Storage } from '../../infra/s3.ts';
import { sealedDataConverter } from '../../infra/temporal/data-converter.ts';
import type { ProductionEnv } from '../../stack/cluster/cluster.ts';
import { APP_ROLE, withDatabase } from '../../stack/cluster/postgres.ts';
import { startAppProcesses, type AppProcesses } from '../../stack/cluster/app-processes.ts';
import { freePort } from '../support/ports.ts';
import { TEST_POLICY } from '../support/stack.ts';

export interface ClusterFile {
  /** The environment the processes were started with: production's variables, nothing else. */
  env: ProductionEnv;
  db: Db;
  storage: Storage;
  temporal: Client;
  taskQueue: string;
  deps: ApiDeps;
  apiUrl: string;
  mailboxUrl: string;
  app: AppProcesses;
  /** The Temporal identity of each worker process, as the SDK sets it by default (`pid@host`). */
  identityOf(worker: AppProcesses['workers'][number]): string;
  /** Kills the Temporal server (SIGKILL) and starts it again on its PostgreSQL; resolves when it answers. */
  restartTemporalServer(): Promise<{ restartedInMs: number }>;
  teardown(): Promise<void>;
}

export async function setUpClusterFile(
  name: string,
  options: { workers?: number; api?: boolean } = {},
): Promise<ClusterFile> {
  const cluster = inject('cluster');
  const database = `t_${name.replace(/\W/g, '_')}_${randomUUID().slice(0, 8)}`;
  const admin = openDb(cluster.postgresAdminUrl, { max: 1 });
  await admin.raw(`create database "${database}" template "${cluster.templateDatabase}" owner "${APP_ROLE}"`);
  await admin.destroy();

  const taskQueue = `${name}-${randomUUID().slice(0, 8)}`;
  const env: ProductionEnv = {
    ...cluster.env,
    DATABASE_URL: withDatabase(cluster.env.DATABASE_URL, database),
    TEMPORAL_TASK_QUEUE: taskQueue,
  };
  const logFile = path.join(cluster.logDir, `${name}.log`);
  const app = await startAppProcesses({
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env },
    workers: options.workers ?? 2,
    ...(options.api ? { api: { port: await freePort() } } : {}),
    log: (process, line) => appendFileSync(logFile, `[${process}] ${line}\n`),
  });

  // The test process's own view, from the same variables the processes read.
  const config = loadConfig(env);
  // The fixtures seal staff accounts' TOTP secrets with the keys of the processes under test.
  process.env.DATA_KEYS = env.DATA_KEYS;
  process.env.DATA_INDEX_KEY = env.DATA_INDEX_KEY;
  const db = openDb(config.databaseUrl);
  const storage = openStorage(config.s3);
  const connection = await Connection.connect({ address: config.temporal.address });
  const temporal = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: sealedDataConverter(config.keys),
  });
  const deps: ApiDeps = {
    db,
    storage,
    temporal,
    taskQueue,
    policy: TEST_POLICY,
    publicUrl: config.publicUrl,
    keys: config.keys,
  };

  return {
    env,
    db,
    storage,
    temporal,
    taskQueue,
    deps,
    apiUrl: app.apiUrl ?? '',
    mailboxUrl: cluster.mailboxUrl,
    app,
    identityOf: (worker) => `${worker.process.pid}@${hostname()}`,
    async restartTemporalServer() {
      const response = await fetch(`${cluster.controlUrl}/temporal/restart`, { method: 'POST' });
      if (!response.ok) throw new Error(`redémarrage refusé : ${await response.text()}`);
      return (await response.json()) as { restartedInMs: number };
    },
    async teardown() {
      await app.stop();
      await connection.close();
      await db.destroy();
    },
  };
}
