/**
 * The roles' check once both new roles exist: 0011 (département agents) and 0012 (relay agents)
 * each replaced it with the three first roles plus their own, so the later one dropped the other.
 */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    alter table users drop constraint users_role_check;
    alter table users add constraint users_role_check
      check (role in ('childminder', 'moderator', 'supervisor', 'departement_agent', 'relay'));
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`
    alter table users drop constraint users_role_check;
    alter table users add constraint users_role_check
      check (role in ('childminder', 'moderator', 'supervisor', 'relay'));
  `);
}
