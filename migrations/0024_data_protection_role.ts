/**
 * The data-protection officer (DPO): a staff account of her own role, who reads the audit journal
 * nationwide and nothing else. National by her role, not by the supervisors' `national` flag.
 */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    alter table users drop constraint users_role_check;
    alter table users add constraint users_role_check
      check (role in ('childminder', 'moderator', 'supervisor', 'departement_agent', 'relay', 'data_protection'));
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`
    alter table users drop constraint users_role_check;
    alter table users add constraint users_role_check
      check (role in ('childminder', 'moderator', 'supervisor', 'departement_agent', 'relay'));
  `);
}
