/**
 * The search row of a published childminder (`search_profiles`), kept beside her public profile:
 * written when she is (re)published (api/search/published-copy.ts), and when her declaration status
 * changes. Only what the search filters and sorts on: her commune, never her street address.
 */
import type { Knex } from 'knex';
import type { DeclarationRecord } from './types.ts';

/** Her freshness in the search follows her declarations. */
export async function indexDeclaration(db: Knex, record: DeclarationRecord): Promise<void> {
  await db('search_profiles')
    .where({ registration_id: record.registrationId })
    .update({
      availability_status: record.availabilityStatus,
      declared_at: record.lastDeclaredAt,
      overdue: record.overdueDeadline !== null,
      updated_at: db.fn.now(),
    });
}
