/**
 * The services of the embedded stack: each one comes from its environment variable (DATABASE_URL,
 * S3_ENDPOINT…, TEMPORAL_ADDRESS, SNGI_URL, SMTP_URL), or is started here with its data in `dataDir`.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { prefixed } from './children.ts';
import { localKeys } from './dev-keys.ts';
import { startEmbeddedPostgres } from './postgres.ts';
import { EMBEDDED_S3_CREDENTIALS, startEmbeddedS3 } from './s3.ts';
import { startSmtpCatcher } from './smtp-catcher.ts';
import { startSngiSimulator } from './sngi-simulator.ts';
import { startTemporalServer } from './temporal-server.ts';

export const EMBEDDED_PORTS = {
  postgres: 5433,
  s3: 4569,
  temporal: 7233,
  temporalUi: 8233,
  sngi: 4610,
  smtp: 2525,
  mailbox: 4620,
};

// Stop order: Temporal first, so that nothing is left polling it; the simulators last.
export const STOP_ORDER = ['temporal', 's3', 'postgres', 'sngi', 'smtp'] as const;
export type ServiceName = (typeof STOP_ORDER)[number];

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Fails before starting anything when a port is taken: the services' own errors say it badly. */
async function checkPorts(wanted: Array<[string, number]>): Promise<void> {
  const taken: string[] = [];
  for (const [what, port] of wanted) if (!(await portFree(port))) taken.push(`${port} (${what})`);
  if (taken.length > 0) {
    throw new Error(
      `Ports déjà utilisés : ${taken.join(', ')}. Une autre instance tourne peut-être ; sinon, ` +
        'indiquez un service externe (DATABASE_URL, S3_ENDPOINT, TEMPORAL_ADDRESS, SNGI_URL, SMTP_URL) ou changez PORT / API_PORT.',
    );
  }
}

/** Starts `what` and records how to stop it; the error says which service failed. */
async function service<T extends { stop(): Promise<void> }>(
  stops: Stops,
  name: ServiceName,
  what: string,
  start: () => Promise<T>,
): Promise<T> {
  try {
    const running = await start();
    stops.set(name, () => running.stop());
    return running;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error ?? 'arrêt inattendu');
    throw new Error(`${what} n'a pas pu démarrer : ${reason}`, { cause: error });
  }
}

function value<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

export type Stops = Map<ServiceName, () => Promise<void>>;

export interface StackOptions {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  uiPort: number;
  apiPort: number;
  publicUrl: string;
  /** Filled as services start, even when another one fails, so that the caller can stop them. */
  stops: Stops;
}

/** Starts what the environment does not provide; returns the environment of the api, worker and ui. */
export async function startServices({ dataDir: DATA, env, uiPort, apiPort, publicUrl, stops }: StackOptions) {
  const embedded = {
    postgres: !env.DATABASE_URL,
    s3: !env.S3_ENDPOINT,
    temporal: !env.TEMPORAL_ADDRESS,
    sngi: !env.SNGI_URL,
    smtp: !env.SMTP_URL,
  };
  const ports: Array<[string, number]> = [
    ['interface', uiPort],
    ['API', apiPort],
  ];
  if (embedded.postgres) ports.push(['PostgreSQL', EMBEDDED_PORTS.postgres]);
  if (embedded.s3) ports.push(['S3', EMBEDDED_PORTS.s3]);
  if (embedded.temporal)
    ports.push(['Temporal', EMBEDDED_PORTS.temporal], ['Temporal Web', EMBEDDED_PORTS.temporalUi]);
  if (embedded.sngi) ports.push(['simulateur SNGI', EMBEDDED_PORTS.sngi]);
  if (embedded.smtp) ports.push(['SMTP', EMBEDDED_PORTS.smtp], ['boîte mail de dev', EMBEDDED_PORTS.mailbox]);
  await checkPorts(ports);

  mkdirSync(DATA, { recursive: true });
  chmodSync(DATA, 0o755); // as root, PostgreSQL runs as its own user and must reach its directory

  // allSettled, not all: when one fails, the others must have registered their stop before we clean up.
  const results = await Promise.allSettled([
    embedded.postgres
      ? service(stops, 'postgres', 'PostgreSQL embarqué', () =>
          startEmbeddedPostgres({
            directory: path.join(DATA, 'postgres'),
            port: EMBEDDED_PORTS.postgres,
            persistent: true,
            log: prefixed('postgres'),
          }),
        ).then(async (pg) => {
          await pg.createDatabase('registre');
          return { DATABASE_URL: pg.databaseUrl('registre') };
        })
      : {},
    embedded.s3
      ? service(stops, 's3', 'S3 embarqué (s3rver)', () =>
          startEmbeddedS3({
            directory: path.join(DATA, 's3'),
            port: EMBEDDED_PORTS.s3,
            bucket: 'registre-assmat',
          }),
        ).then((s3) => ({
          S3_ENDPOINT: s3.endpoint,
          S3_ACCESS_KEY: EMBEDDED_S3_CREDENTIALS.accessKey,
          S3_SECRET_KEY: EMBEDDED_S3_CREDENTIALS.secretKey,
          S3_BUCKET: 'registre-assmat',
        }))
      : {},
    embedded.temporal
      ? service(stops, 'temporal', 'Temporal (serveur de dev)', () =>
          startTemporalServer({
            port: EMBEDDED_PORTS.temporal,
            uiPort: EMBEDDED_PORTS.temporalUi,
            uiCodecEndpoint: `${publicUrl}/codec`,
            dbFilename: path.join(DATA, 'temporal.sqlite'),
            log: prefixed('temporal'),
          }),
        )
      : { address: env.TEMPORAL_ADDRESS!, uiUrl: null, source: 'serveur externe (TEMPORAL_ADDRESS)' },
    embedded.sngi
      ? service(stops, 'sngi', 'simulateur SNGI', () => startSngiSimulator(EMBEDDED_PORTS.sngi))
      : null,
    embedded.smtp
      ? service(stops, 'smtp', 'SMTP de dev', () =>
          startSmtpCatcher({ smtpPort: EMBEDDED_PORTS.smtp, httpPort: EMBEDDED_PORTS.mailbox }),
        )
      : null,
  ]);
  const failures = results.filter((result) => result.status === 'rejected');
  if (failures.length > 0)
    throw new Error(failures.map((failure) => String(failure.reason?.message ?? failure.reason)).join('\n'));
  const [database, s3, temporal, sngi, smtp] = [
    value(results[0]),
    value(results[1]),
    value(results[2]),
    value(results[3]),
    value(results[4]),
  ];
  const childEnv: NodeJS.ProcessEnv = {
    ...env,
    ...database,
    ...s3,
    TEMPORAL_ADDRESS: temporal.address,
    ...(sngi ? { SNGI_URL: sngi.url } : {}),
    ...(smtp ? { SMTP_URL: smtp.smtpUrl, DEV_MAILBOX_URL: smtp.mailboxUrl } : {}),
    API_PORT: String(apiPort),
    PUBLIC_URL: publicUrl,
    ...localKeys(DATA, env),
  };
  return { childEnv, temporal, mailboxUrl: smtp?.mailboxUrl ?? null };
}
