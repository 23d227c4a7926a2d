/** The PostgreSQL connection pool (knex + pg), and the migrations runner. */
import knex, { type Knex } from 'knex';
import { migrationSource } from '../migrations/index.ts';

export type Db = Knex;

/** Opens a pool. Dates come back as JS Dates; `date` columns stay ISO strings. */
export function openDb(databaseUrl: string, pool: { min?: number; max?: number } = {}): Db {
  return knex({
    client: 'pg',
    connection: databaseUrl,
    pool: { min: pool.min ?? 0, max: pool.max ?? 10 },
  });
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}
