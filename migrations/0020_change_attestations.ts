/**
 * A new attestation sent after activation (a renewal, a modification): the copy of the agrément
 * travels with the change of her agrément data, so that the moderator reads the document beside the
 * declared values. One copy per change; a copy belongs to one change at most.
 */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    alter table profile_changes add column document_id uuid references documents(id);
    create unique index profile_changes_document on profile_changes (document_id)
      where document_id is not null;
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index profile_changes_document; alter table profile_changes drop column document_id');
}
