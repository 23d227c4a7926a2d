/** The worker process: runs registration workflows and their activities until SIGINT/SIGTERM. */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../infra/config.ts';
import { openDb } from '../infra/db.ts';
import { openMailer } from '../infra/mailer.ts';
import { openStorage } from '../infra/s3.ts';
import { log } from '../infra/log.ts';
import { bundleWorkflows, createWorker } from './create-worker.ts';

const config = loadConfig();
const db = openDb(config.databaseUrl);
const mailer = openMailer(config.smtpUrl, config.mailFrom);
const connection = await NativeConnection.connect({ address: config.temporal.address });
const clientConnection = await Connection.connect({ address: config.temporal.address });
const temporal = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
const worker = await createWorker({
  connection,
  namespace: config.temporal.namespace,
  taskQueue: config.temporal.taskQueue,
  deps: {
    db,
    temporal,
    storage: openStorage(config.s3),
    mailer,
    sngiUrl: config.sngiUrl,
    publicUrl: config.publicUrl,
  },
  // Bundled here with a quiet logger: the SDK's own bundling lists every module at INFO.
  workflowBundle: await bundleWorkflows(),
});
log('info', 'worker prêt', { taskQueue: config.temporal.taskQueue });
await worker.run();
await connection.close();
await clientConnection.close();
await db.destroy();
mailer.close();
