/** Counters of rate-limiter-flexible's PostgreSQL store (sign-up attempts per network address). */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  // The library's own table shape: `expire` is a Unix time in milliseconds, null for no expiry.
  await db.raw(`
    create table rate_limits (
      key varchar(255) primary key,
      points integer not null default 0,
      expire bigint
    );
    create index rate_limits_expire on rate_limits (expire);
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop table rate_limits');
}
