/**
 * The list of migrations, in order. Listed explicitly rather than scanned from the disk, so that
 * they run the same from the sources, the tests and a bundled build.
 */
import type { Knex } from 'knex';
import * as foundation from './0001_foundation.ts';
import * as referenceData from './0002_reference_data.ts';
import * as accounts from './0003_accounts.ts';
import * as lifecycle from './0004_lifecycle.ts';
import * as moderation from './0005_moderation.ts';
import * as supervision from './0006_supervision.ts';
import * as reliability from './0007_reliability.ts';
import * as rateLimits from './0008_rate_limits.ts';
import * as search from './0009_search.ts';
import * as contactRequests from './0010_contact_requests.ts';
import * as departements from './0011_departements.ts';
import * as relays from './0012_relays.ts';
import * as sealedTotpSecrets from './0013_sealed_totp_secrets.ts';
import * as parentLinks from './0015_parent_links.ts';
import * as everyRole from './0016_every_role.ts';
import * as sealedNir from './0017_sealed_nir.ts';
import * as auditChain from './0018_audit_chain.ts';
import * as accountClosure from './0019_account_closure.ts';
import * as changeAttestations from './0020_change_attestations.ts';
import * as commissionReferrals from './0021_commission_referrals.ts';
import * as caseClosure from './0022_case_closure.ts';
import * as dataProtectionRole from './0024_data_protection_role.ts';
import * as auditChainedAtCommit from './0025_audit_chained_at_commit.ts';
import * as changesClosedWithCase from './0026_changes_closed_with_case.ts';

interface Migration {
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_reference_data': referenceData,
  '0003_accounts': accounts,
  '0004_lifecycle': lifecycle,
  '0005_moderation': moderation,
  '0006_supervision': supervision,
  '0007_reliability': reliability,
  '0008_rate_limits': rateLimits,
  '0009_search': search,
  '0010_contact_requests': contactRequests,
  '0011_departements': departements,
  '0012_relays': relays,
  '0013_sealed_totp_secrets': sealedTotpSecrets,
  '0015_parent_links': parentLinks,
  '0016_every_role': everyRole,
  '0017_sealed_nir': sealedNir,
  '0018_audit_chain': auditChain,
  '0019_account_closure': accountClosure,
  '0020_change_attestations': changeAttestations,
  '0021_commission_referrals': commissionReferrals,
  '0022_case_closure': caseClosure,
  '0024_data_protection_role': dataProtectionRole,
  '0025_audit_chained_at_commit': auditChainedAtCommit,
  '0026_changes_closed_with_case': changesClosedWithCase,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`Migration inconnue : ${name}`);
    return migration;
  },
};
