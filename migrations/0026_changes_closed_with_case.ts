/**
 * A change of hers still waiting for the CAF (or for its SNGI check) when her case closes leaves the
 * queue with a status of its own, `closed_with_case`: it was neither approved nor refused by anyone,
 * her case closed under it (api/cases/closed-changes.ts). Nothing existing is rewritten.
 */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    alter table profile_changes drop constraint profile_changes_status_check;
    alter table profile_changes add constraint profile_changes_status_check check (status in
      ('proposed', 'pending', 'applied', 'approved', 'refused', 'correction_requested', 'closed_with_case'));
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`
    update profile_changes set status = 'refused' where status = 'closed_with_case';
    alter table profile_changes drop constraint profile_changes_status_check;
    alter table profile_changes add constraint profile_changes_status_check check (status in
      ('proposed', 'pending', 'applied', 'approved', 'refused', 'correction_requested'));
  `);
}
