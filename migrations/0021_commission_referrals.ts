/**
 * A département's referral of a childminder to the departmental commission after missed
 * declarations: a fact on her case (shown on her timeline), one per run of consecutive misses,
 * and nothing else. It has no link to her agrément's standing (`agrement_standing`): a referral
 * never suspends nor withdraws anything (domain/missed-declarations.ts).
 */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    create table commission_referrals (
      id bigserial primary key,
      registration_id uuid not null references registrations(id),
      departement text not null references departements(code),
      -- The first deadline of the run of misses she was referred for: the same run, the same referral.
      missed_since timestamptz not null,
      consecutive_misses integer not null check (consecutive_misses >= 2),
      referred_on date not null,
      note text check (char_length(note) <= 1000),
      referred_by uuid not null references users(id),
      created_at timestamptz not null default now(),
      unique (registration_id, missed_since)
    );
    create index commission_referrals_departement on commission_referrals (departement, created_at);
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop table commission_referrals');
}
