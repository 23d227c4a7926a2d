/**
 * The worker process: runs the workflows, their activities, the document checks and the outbox's
 * delivery until SIGINT/SIGTERM. `WORKFLOW_BUNDLE` may name a workflow bundle built beforehand (a
 * restart then takes a second or two instead of a bundling).
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfig } from '../infra/config.ts';
import { openDb } from '../infra/db.ts';
import { openMailer } from '../infra/mailer.ts';
import { openStorage } from '../infra/s3.ts';
import { log, temporalLogger } from '../infra/log.ts';
import { connectionOptions } from '../infra/temporal/connection.ts';
import { sealedDataConverter } from '../infra/temporal/data-converter.ts';
import { bundleWorkflows, createWorkers } from './create-worker.ts';

const config = loadConfig();
// The SDK's own lines (an activity that failed, a workflow task retried) through the allow-list too.
Runtime.install({ logger: new DefaultLogger('INFO', temporalLogger) });
const db = openDb(config.databaseUrl);
const mailer = openMailer(config.smtpUrl, config.mailFrom);
const connection = await NativeConnection.connect(connectionOptions(config.temporal));
const clientConnection = await Connection.connect(connectionOptions(config.temporal));
const temporal = new Client({
  connection: clientConnection,
  namespace: config.temporal.namespace,
  dataConverter: sealedDataConverter(config.keys),
});
const prebuilt = process.env.WORKFLOW_BUNDLE;
const workers = await createWorkers({
  connection,
  namespace: config.temporal.namespace,
  taskQueue: config.temporal.taskQueue,
  keys: config.keys,
  deps: {
    db,
    temporal,
    storage: openStorage(config.s3),
    mailer,
    sngiUrl: config.sngiUrl,
    publicUrl: config.publicUrl,
  },
  // Bundled here with a quiet logger: the SDK's own bundling lists every module at INFO.
  workflowBundle: prebuilt ? { codePath: prebuilt } : await bundleWorkflows(),
  cachedWorkflows: config.workflowCacheSize,
});
log('info', 'worker prêt', { taskQueue: config.temporal.taskQueue });
await workers.run();
await connection.close();
await clientConnection.close();
await db.destroy();
mailer.close();
