/** Applies the register's pending migrations to DATABASE_URL: docker-compose.yml's `migrate` step. */
import { loadConfig } from '../../infra/config.ts';
import { migrate, openDb } from '../../infra/db.ts';

const db = openDb(loadConfig().databaseUrl, { max: 1 });
try {
  const applied = await migrate(db);
  console.log(`Migrations appliquées : ${applied.join(', ') || 'aucune'}`);
} finally {
  await db.destroy();
}
