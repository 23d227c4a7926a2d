/**
 * The NIR no longer in clear: the generated column `registrations.nir` (a copy of `identity ->> 'nir'`)
 * and its index give way to `nir_index`, its blind index (infra/sealed-nir.ts). Sealing the NIRs
 * already stored needs the keys, which a migration does not get: `sealExistingNirs` does it at
 * start, after the migrations (infra/db.ts `migrate`). `down` gives the column back; it then holds
 * whatever `identity ->> 'nir'` holds (sealed values stay sealed).
 */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    drop index registrations_nir;
    alter table registrations drop column nir;
    alter table registrations add column nir_index text;
    create index registrations_nir_index on registrations (nir_index);
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`
    drop index registrations_nir_index;
    alter table registrations drop column nir_index;
    alter table registrations add column nir text generated always as (identity ->> 'nir') stored;
    create index registrations_nir on registrations (nir);
  `);
}
