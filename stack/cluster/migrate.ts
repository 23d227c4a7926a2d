/** Applies the register's pending migrations to DATABASE_URL: docker-compose.yml's `migrate` step. */
import { loadConfig } from '../../infra/config.ts';
import { migrate, openDb } from '../../infra/db.ts';

const config = loadConfig();
const db = openDb(config.databaseUrl, { max: 1 });
try {
  // With the keys: the NIRs an older version stored in clear are sealed (infra/sealed-nir.ts).
  const applied = await migrate(db, config.keys);
  console.log(`Migrations appliquées : ${applied.join(', ') || 'aucune'}`);
} finally {
  await db.destroy();
}
