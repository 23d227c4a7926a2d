/**
 * Starts the cluster stack once for `npm run test:cluster` (stack/cluster/cluster.ts, on free ports,
 * data thrown away), migrates a template database each test file copies, and serves a small control
 * endpoint through which a test file restarts the Temporal server process it does not own.
 */
import { createServer } from 'node:http';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate, openDb } from '../../infra/db.ts';
import { freeClusterPorts, startCluster, type ProductionEnv } from '../../stack/cluster/cluster.ts';
import { APP_ROLE, withDatabase } from '../../stack/cluster/postgres.ts';

export interface ClusterTestStack {
  env: ProductionEnv;
  postgresAdminUrl: string;
  templateDatabase: string;
  mailboxUrl: string;
  temporalUiUrl: string;
  s3Admin: { accessKey: string; secretKey: string };
  /** POST `${controlUrl}/temporal/restart` kills the Temporal server (SIGKILL) and starts it again. */
  controlUrl: string;
  logDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: ClusterTestStack;
  }
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  const work = mkdtempSync(path.join(tmpdir(), 'registre-cluster-'));
  chmodSync(work, 0o755);
  const cluster = await startCluster({
    dataDir: work,
    ports: await freeClusterPorts(),
    persistent: false,
    publicUrl: 'http://localhost:3000',
    say: (line) => console.log(`[grappe] ${line}`),
  });

  const templateDatabase = 'registre_template';
  const admin = openDb(cluster.postgresAdminUrl, { max: 1 });
  await admin.raw(`create database "${templateDatabase}" owner "${APP_ROLE}"`);
  await admin.destroy();
  const template = openDb(withDatabase(cluster.env.DATABASE_URL, templateDatabase), { max: 1 });
  await migrate(template);
  await template.destroy();

  const control = createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/temporal/restart') {
      response.writeHead(404).end();
      return;
    }
    const began = Date.now();
    cluster.temporal.restart('SIGKILL').then(
      () => response.end(JSON.stringify({ restartedInMs: Date.now() - began })),
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));

  project.provide('cluster', {
    env: cluster.env,
    postgresAdminUrl: cluster.postgresAdminUrl,
    templateDatabase,
    mailboxUrl: cluster.mailboxUrl,
    temporalUiUrl: cluster.temporalUiUrl!,
    s3Admin: cluster.s3Admin,
    controlUrl: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
    logDir: path.dirname(cluster.logFile('x')),
  });
  console.log(
    `Pile « grappe » prête en ${((Date.now() - started) / 1000).toFixed(1)} s (journaux : ${work}/logs)`,
  );

  return async () => {
    control.close();
    await cluster.stop();
    if (!process.env.KEEP_CLUSTER_LOGS) rmSync(work, { recursive: true, force: true });
  };
}
