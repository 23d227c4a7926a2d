/**
 * The cluster stack's PostgreSQL roles, as a managed PostgreSQL would have them: `registre_app` owns
 * the register's database and nothing else; `temporal` may create databases, for Temporal's own two
 * (persistence and visibility, made by temporal-sql-tool). docker-compose.yml's init script makes the
 * same roles.
 */
import { openDb } from '../../infra/db.ts';

export const APP_ROLE = 'registre_app';
export const TEMPORAL_ROLE = 'temporal';
export const APP_DATABASE = 'registre';

export interface ClusterDatabases {
  /** DATABASE_URL of the api and the workers. */
  appUrl: string;
  /** What Temporal's server and schema tool are given (POSTGRES_SEEDS, DB_PORT, POSTGRES_USER, POSTGRES_PWD). */
  temporal: { host: string; port: number; user: string; password: string };
}

/** Creates the roles (or resets their passwords) and the app's database, through a superuser's URL. */
export async function prepareDatabases(
  adminUrl: string,
  passwords: { app: string; temporal: string },
): Promise<ClusterDatabases> {
  const admin = openDb(adminUrl, { max: 1 });
  try {
    for (const [role, password, options] of [
      [APP_ROLE, passwords.app, 'login'],
      [TEMPORAL_ROLE, passwords.temporal, 'login createdb'],
    ] as const) {
      const exists = await admin.raw('select 1 from pg_roles where rolname = ?', [role]);
      const verb = exists.rowCount === 0 ? 'create' : 'alter';
      // Identifiers and options are constants above; the password is a literal PostgreSQL quotes itself.
      const literal = (await admin.raw('select quote_literal(?) as q', [password])).rows[0].q as string;
      await admin.raw(`${verb} role "${role}" with ${options} password ${literal}`);
    }
    const database = await admin.raw('select 1 from pg_database where datname = ?', [APP_DATABASE]);
    if (database.rowCount === 0) await admin.raw(`create database "${APP_DATABASE}" owner "${APP_ROLE}"`);
  } finally {
    await admin.destroy();
  }
  const url = new URL(adminUrl);
  const appUrl = new URL(withDatabase(adminUrl, APP_DATABASE));
  appUrl.username = APP_ROLE;
  appUrl.password = passwords.app;
  return {
    appUrl: appUrl.toString(),
    temporal: {
      host: url.hostname,
      port: Number(url.port || 5432),
      user: TEMPORAL_ROLE,
      password: passwords.temporal,
    },
  };
}

/** The same connection string, to another database. */
export function withDatabase(url: string, database: string): string {
  const copy = new URL(url);
  copy.pathname = `/${database}`;
  return copy.toString();
}

/** A setting the environment must give, or a readable error. */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`La variable d'environnement ${name} est requise.`);
  return value;
}

// docker-compose.yml's `postgres-setup` runs this file with a superuser's URL and both passwords.
if (import.meta.main) {
  await prepareDatabases(required('POSTGRES_ADMIN_URL'), {
    app: required('REGISTRE_DB_PASSWORD'),
    temporal: required('TEMPORAL_DB_PASSWORD'),
  });
  console.log(`Rôles ${APP_ROLE} et ${TEMPORAL_ROLE} et base ${APP_DATABASE} prêts.`);
}
