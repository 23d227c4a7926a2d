/** The PostgreSQL connection pool (knex + pg), and the migrations runner. */
import knex, { type Knex } from 'knex';
import { log } from './log.ts';
import { migrationSource } from '../migrations/index.ts';
import type { KeyRing } from './keys.ts';
import { sealExistingNirs } from './sealed-nir.ts';

export type Db = Knex;

const knexText = (message: unknown) =>
  `knex : ${message instanceof Error ? 'erreur' : String(message).slice(0, 200)}`;

/**
 * Opens a pool. Dates come back as JS Dates; `date` columns stay ISO strings. A failed query's
 * error keeps its SQL without the values (`compileSqlOnError: false`): it may reach a log or an
 * activity failure, and the values are personal data. Waiting for a connection is bounded: with
 * PostgreSQL down, a request fails in seconds (a 503) rather than after a minute.
 */
export function openDb(databaseUrl: string, pool: { min?: number; max?: number } = {}): Db {
  return knex({
    client: 'pg',
    connection: { connectionString: databaseUrl, connectionTimeoutMillis: 5_000, keepAlive: true },
    compileSqlOnError: false,
    acquireConnectionTimeout: 10_000,
    // Its warnings (a connection lost) as one JSON line each, like every other log: an error as its
    // class and code, knex's own text (never a value, with compileSqlOnError off) cut short.
    log: {
      warn: (message: unknown) => log('warn', knexText(message), { error: message }),
      error: (message: unknown) => log('error', knexText(message), { error: message }),
      deprecate: () => {},
      debug: () => {},
    },
    pool: { min: pool.min ?? 0, max: pool.max ?? 10 },
  });
}

/**
 * Applies pending migrations; returns the names applied. With the keys, then seals what an older
 * version stored in clear (infra/sealed-nir.ts): every process that migrates a database holding
 * data passes them (a new database, as the tests' template, needs none).
 */
export async function migrate(db: Db, keys?: KeyRing): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  if (keys) await sealExistingNirs(db, keys);
  return applied;
}
