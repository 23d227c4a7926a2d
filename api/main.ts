/** The API process: Koa on API_PORT, talking to PostgreSQL, S3 and Temporal. */
import { Client, Connection } from '@temporalio/client';
import { DEFAULT_REGISTRATION_POLICY } from '../domain/policy.ts';
import { loadConfig } from '../infra/config.ts';
import { openDb } from '../infra/db.ts';
import { log } from '../infra/log.ts';
import { openStorage } from '../infra/s3.ts';
import { connectionOptions } from '../infra/temporal/connection.ts';
import { sealedDataConverter } from '../infra/temporal/data-converter.ts';
import { createApp } from './app.ts';

const config = loadConfig();
const db = openDb(config.databaseUrl, { max: 20 });
const connection = await Connection.connect(connectionOptions(config.temporal));
const app = createApp({
  db,
  storage: openStorage(config.s3),
  temporal: new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: sealedDataConverter(config.keys),
  }),
  taskQueue: config.temporal.taskQueue,
  policy: { ...DEFAULT_REGISTRATION_POLICY, retention: config.retention },
  publicUrl: config.publicUrl,
  keys: config.keys,
  missedDeclarationPolicy: config.missedDeclarations,
});
const server = app.listen(config.apiPort, config.apiHost, () =>
  log('info', 'API prête', { port: config.apiPort }),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void connection.close();
    void db.destroy();
  });
}
