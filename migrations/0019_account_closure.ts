/**
 * An account closed at her request (RGPD art. 17): when it was closed, on the account and on her
 * registration. A closed registration is never published again (api/search/publishable.ts).
 */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    alter table users add column closed_at timestamptz;
    -- A closed account keeps no password.
    alter table users drop constraint users_childminder_password,
      add constraint users_childminder_password
        check (role <> 'childminder' or password_hash is not null or closed_at is not null);
    alter table registrations add column closed_at timestamptz;
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`
    alter table registrations drop column closed_at;
    alter table users drop constraint users_childminder_password;
    alter table users drop column closed_at;
    alter table users add constraint users_childminder_password
      check (role <> 'childminder' or password_hash is not null);
  `);
}
