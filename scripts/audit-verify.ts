/**
 * `npm run audit:verify`: walks the audit log's hash chain and prints OK with the number of rows and
 * the head's hash (worth writing down elsewhere: a later run must find the same rows up to it), or
 * the first broken `seq` and why, with exit code 1. Reads DATABASE_URL; without it, the embedded
 * stack's database (`npm start` running).
 */
import { verifyAuditChain } from '../infra/audit-chain.ts';
import { openDb } from '../infra/db.ts';
import { embeddedDatabaseUrl } from '../stack/postgres.ts';
import { EMBEDDED_PORTS } from '../stack/services.ts';

const db = openDb(process.env.DATABASE_URL ?? embeddedDatabaseUrl(EMBEDDED_PORTS.postgres, 'registre'), {
  max: 1,
});
try {
  const report = await verifyAuditChain(db);
  if (report.ok) {
    console.log(`OK : ${report.rows} lignes chaînées, tête ${report.head}`);
  } else {
    console.log(`ROMPU à la ligne ${report.seq} (${report.reason}) : ${report.explanation}`);
    console.log(`${report.rows} lignes intactes avant elle.`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`Vérification impossible : ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
} finally {
  await db.destroy();
}
