/**
 * The services of the cluster stack, in the production shape: PostgreSQL with a role per user, the
 * Temporal server persisted in it (schema by temporal-sql-tool, namespace and search attributes by
 * the operator service), SeaweedFS as S3 with a key limited to the bucket, the Temporal Web UI, and
 * on this machine the SNGI simulator and an SMTP catcher in place of the real gateways.
 * `startCluster` returns the environment the api, the workers, the UI (and any script) run with.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres } from '../postgres.ts';
import { startSmtpCatcher } from '../smtp-catcher.ts';
import { startSngiSimulator } from '../sngi-simulator.ts';
import { localKeys } from '../dev-keys.ts';
import { prepareDatabases } from './postgres.ts';
import { prepareBucket, startSeaweedfs, type SeaweedPorts } from './seaweedfs.ts';
import { ensureNamespace } from './temporal-namespace.ts';
import {
  setUpTemporalSchema,
  startTemporalServer,
  temporalServerEnv,
  type RunningTemporalServer,
  type TemporalPorts,
} from './temporal-server.ts';
import { startTemporalUi } from './temporal-ui.ts';

export { freeClusterPorts } from './ports.ts';

export const CLUSTER_BUCKET = 'registre-assmat';
export const CLUSTER_NAMESPACE = 'registre';
export const CLUSTER_TASK_QUEUE = 'registre-assmat';

/** What the register's processes read in production; the cluster stack sets each one, as compose does. */
export const PRODUCTION_VARIABLES = [
  'DATABASE_URL',
  'S3_ENDPOINT',
  'S3_PUBLIC_ENDPOINT',
  'S3_ACCESS_KEY',
  'S3_SECRET_KEY',
  'S3_BUCKET',
  'S3_REGION',
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_TASK_QUEUE',
  'SNGI_URL',
  'SMTP_URL',
  'MAIL_FROM',
  'PUBLIC_URL',
  'DATA_KEYS',
  'DATA_INDEX_KEY',
] as const;
export type ProductionEnv = Record<(typeof PRODUCTION_VARIABLES)[number], string>;

export interface ClusterPorts {
  postgres: number;
  temporal: TemporalPorts;
  /** Omitted: no Web UI. */
  temporalUi?: number;
  s3: SeaweedPorts;
  sngi: number;
  smtp: number;
  mailbox: number;
}

export interface ClusterOptions {
  /** Data of PostgreSQL and SeaweedFS, the generated S3 identities file and the services' logs. */
  dataDir: string;
  ports: ClusterPorts;
  /** Kept between runs (npm run start:cluster), or thrown away (tests: fsync off). */
  persistent: boolean;
  /** Where the UI is reached: emails' links, and the origin S3 accepts uploads from. */
  publicUrl: string;
  /** One line per step. The services' own output goes to `<dataDir>/logs/<service>.log`. */
  say?: (line: string) => void;
}

export interface RunningCluster {
  env: ProductionEnv;
  postgresAdminUrl: string;
  temporal: RunningTemporalServer;
  temporalUiUrl: string | null;
  mailboxUrl: string;
  /** The S3 administrator's key: for setting the bucket up, never given to the register's processes. */
  s3Admin: { accessKey: string; secretKey: string };
  logFile(service: string): string;
  stop(): Promise<void>;
}

const secret = () => randomBytes(18).toString('base64url');

/** Starts every service; on failure, stops those already started and rethrows. */
export async function startCluster(options: ClusterOptions): Promise<RunningCluster> {
  const say = options.say ?? (() => {});
  const logs = path.join(options.dataDir, 'logs');
  mkdirSync(logs, { recursive: true });
  chmodSync(options.dataDir, 0o755); // as root, PostgreSQL runs as its own user and must reach its directory
  const logFile = (service: string) => path.join(logs, `${service}.log`);
  const logTo = (service: string) => (line: string) => appendFileSync(logFile(service), `${line}\n`);
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => {});
  };
  // Fresh secrets at every start: the roles and the S3 identities are rewritten with them.
  const passwords = { app: secret(), temporal: secret() };
  const s3Admin = { accessKey: `admin-${secret().slice(0, 8)}`, secretKey: secret() };
  const s3App = { accessKey: `registre-${secret().slice(0, 8)}`, secretKey: secret() };
  let s3Starting: Promise<unknown> = Promise.resolve();

  try {
    const [postgres, sngi, smtp] = await Promise.all([
      startEmbeddedPostgres({
        directory: path.join(options.dataDir, 'postgres'),
        port: options.ports.postgres,
        persistent: options.persistent,
        log: logTo('postgres'),
      }),
      startSngiSimulator(options.ports.sngi),
      startSmtpCatcher({ smtpPort: options.ports.smtp, httpPort: options.ports.mailbox }),
    ]);
    stops.push(
      () => postgres.stop(),
      () => sngi.stop(),
      () => smtp.stop(),
    );
    say('PostgreSQL, simulateur SNGI et SMTP prêts.');

    // SeaweedFS starts while PostgreSQL and Temporal are prepared; its stop is registered at once.
    const s3Started = startSeaweedfs({
      directory: path.join(options.dataDir, 'seaweedfs'),
      ports: options.ports.s3,
      admin: s3Admin,
      app: s3App,
      bucket: CLUSTER_BUCKET,
      allowedOrigin: new URL(options.publicUrl).origin,
      log: logTo('seaweedfs'),
    }).then((s3) => {
      stops.push(() => s3.stop());
      return s3;
    });
    s3Starting = s3Started.catch(() => {}); // awaited below, or before cleaning up after a failure
    const postgresAdminUrl = postgres.databaseUrl('postgres');
    const databases = await prepareDatabases(postgresAdminUrl, passwords);
    const temporalEnv = temporalServerEnv(databases.temporal, options.ports.temporal);
    setUpTemporalSchema(temporalEnv, logTo('temporal-schema'));
    say('Schéma de Temporal à jour (temporal-sql-tool).');
    const temporal = await startTemporalServer(temporalEnv, logTo('temporal'));
    stops.push(() => temporal.stop());
    await ensureNamespace({ address: temporal.address, namespace: CLUSTER_NAMESPACE, retentionDays: 30 });
    say(`Serveur Temporal prêt (${temporal.address}, espace de noms ${CLUSTER_NAMESPACE}).`);

    const s3 = await s3Started;
    await prepareBucket({ endpoint: s3.endpoint, admin: s3Admin, bucket: CLUSTER_BUCKET });
    say(`SeaweedFS prêt (${s3.endpoint}, seau ${CLUSTER_BUCKET}).`);

    let temporalUiUrl: string | null = null;
    if (options.ports.temporalUi) {
      const ui = await startTemporalUi({
        directory: path.join(options.dataDir, 'temporal-ui'),
        port: options.ports.temporalUi,
        temporalAddress: temporal.address,
        namespace: CLUSTER_NAMESPACE,
        log: logTo('temporal-ui'),
      });
      stops.push(() => ui.stop());
      temporalUiUrl = ui.url;
    }

    const env: ProductionEnv = {
      DATABASE_URL: databases.appUrl,
      S3_ENDPOINT: s3.endpoint,
      S3_PUBLIC_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY: s3App.accessKey,
      S3_SECRET_KEY: s3App.secretKey,
      S3_BUCKET: CLUSTER_BUCKET,
      S3_REGION: 'us-east-1',
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: CLUSTER_NAMESPACE,
      TEMPORAL_TASK_QUEUE: CLUSTER_TASK_QUEUE,
      SNGI_URL: sngi.url,
      SMTP_URL: smtp.smtpUrl,
      MAIL_FROM: 'Registre des assistantes maternelles <ne-pas-repondre@registre-assmat.fr>',
      PUBLIC_URL: options.publicUrl,
      // Kept across restarts (what they sealed is kept too); named cluster-…, which production accepts.
      ...localKeys(options.dataDir, {}, 'cluster'),
    };
    return {
      env,
      postgresAdminUrl,
      temporal,
      temporalUiUrl,
      mailboxUrl: smtp.mailboxUrl,
      s3Admin,
      logFile,
      stop,
    };
  } catch (error) {
    await s3Starting;
    await stop();
    throw error;
  }
}
