/**
 * Starts, once for the whole run, the real services the tests use: PostgreSQL (embedded), an S3
 * endpoint (s3rver), the Temporal dev server, an SMTP catcher; bundles the workflow code once; and
 * prepares a template database (migrated, reference data loaded) that each test file copies.
 * Nothing is mocked. When something cannot start, the run fails and says what is missing.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDb, migrate } from '../../infra/db.ts';
import { newKeyEnv } from '../../infra/keys.ts';
import { startEmbeddedPostgres } from '../../stack/postgres.ts';
import { EMBEDDED_S3_CREDENTIALS, startEmbeddedS3 } from '../../stack/s3.ts';
import { startSmtpCatcher } from '../../stack/smtp-catcher.ts';
import { startTemporalServer } from '../../stack/temporal-server.ts';
import { bundleWorkflows } from '../../worker/create-worker.ts';
import { freePorts } from './ports.ts';
import { RECORDING_KEYS } from './recording-keys.ts';

export interface TestStack {
  postgresAdminUrl: string;
  templateDatabase: string;
  s3: { endpoint: string; accessKey: string; secretKey: string; bucket: string };
  temporalAddress: string;
  smtpUrl: string;
  mailboxUrl: string;
  workflowBundlePath: string;
  /** DATA_KEYS and DATA_INDEX_KEY of this run (random, named test-…). */
  dataKeys: { DATA_KEYS: string; DATA_INDEX_KEY: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: TestStack;
  }
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  const work = mkdtempSync(path.join(tmpdir(), 'registre-tests-'));
  chmodSync(work, 0o755); // as root, PostgreSQL runs as its own user and must reach its directory
  const bucket = 'registre-tests';
  const stops: Array<() => Promise<void>> = [];

  const [pgPort, s3Port, temporalPort] = (await freePorts(3)) as [number, number, number];
  const [postgres, s3, temporal, smtp, bundle] = await Promise.all([
    startEmbeddedPostgres({ directory: path.join(work, 'pg'), port: pgPort, persistent: false }),
    startEmbeddedS3({ directory: path.join(work, 's3'), port: s3Port, bucket }),
    startTemporalServer({ port: temporalPort }),
    startSmtpCatcher({ smtpPort: 0, httpPort: 0 }),
    bundleWorkflows(),
  ]);
  stops.push(
    () => postgres.stop(),
    () => s3.stop(),
    () => temporal.stop(),
    () => smtp.stop(),
  );

  const templateDatabase = 'registre_template';
  await postgres.createDatabase(templateDatabase);
  const templateDb = openDb(postgres.databaseUrl(templateDatabase));
  await migrate(templateDb);
  await templateDb.destroy();

  const workflowBundlePath = path.join(work, 'workflow-bundle.js');
  writeFileSync(workflowBundlePath, bundle.code);

  project.provide('stack', {
    postgresAdminUrl: postgres.databaseUrl('postgres'),
    templateDatabase,
    s3: { endpoint: s3.endpoint, ...EMBEDDED_S3_CREDENTIALS, bucket },
    temporalAddress: temporal.address,
    smtpUrl: smtp.smtpUrl,
    mailboxUrl: smtp.mailboxUrl,
    workflowBundlePath,
    dataKeys: process.env.RECORD_HISTORIES ? RECORDING_KEYS : newKeyEnv('test'),
  });
  console.log(`Pile de test prête en ${((Date.now() - started) / 1000).toFixed(1)} s (${temporal.source})`);

  return async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    rmSync(work, { recursive: true, force: true });
  };
}
