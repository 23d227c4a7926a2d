/**
 * A parent's link to follow all her requests (no account to create): emailed to the address she
 * wrote from, it lists every request sent from it. Only the token's SHA-256 is kept, with the
 * address's key (a hash, as the limits use), never the address.
 */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    create table parent_links (
      token_hash text primary key,
      parent_key text not null,
      address_key text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index parent_links_parent on parent_links (parent_key, created_at);
    create index parent_links_address on parent_links (address_key, created_at);
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop table parent_links');
}
