/** After activation: availability declarations and deadlines, profile changes awaiting moderation. */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    -- Each edit she makes after activation. Pending values live here, never in registrations, until a
    -- moderator approves them; edits that apply at once are copied to registrations by the workflow.
    create table profile_changes (
      id uuid primary key default gen_random_uuid(),
      registration_id uuid not null references registrations(id),
      section text not null check (section in ('identity', 'agrement', 'contact', 'availability')),
      value jsonb not null,
      reasons text[] not null default '{}',
      departement text references departements(code),
      status text not null default 'proposed'
        check (status in ('proposed', 'pending', 'applied', 'approved', 'refused', 'correction_requested')),
      proposed_by uuid not null references users(id),
      message_id uuid references case_messages(id),
      created_at timestamptz not null default now(),
      decided_at timestamptz
    );
    create index profile_changes_registration on profile_changes (registration_id, created_at desc);
    create unique index profile_changes_one_pending on profile_changes (registration_id) where status = 'pending';

    -- Where she stands on her availability declarations (written by the lifecycle workflow).
    create table declaration_status (
      registration_id uuid primary key references registrations(id),
      availability_status text not null check (availability_status in ('available', 'full', 'unavailable')),
      last_declared_at timestamptz,
      next_deadline timestamptz,
      -- The last deadline missed, until she declares again.
      overdue_deadline timestamptz,
      consecutive_misses integer not null default 0,
      updated_at timestamptz not null default now()
    );

    -- Every passed deadline and how it was settled, for staff.
    create table declaration_deadlines (
      registration_id uuid not null references registrations(id),
      deadline timestamptz not null,
      outcome text not null check (outcome in ('declared', 'exempt', 'overdue')),
      consecutive_misses integer not null,
      reminded boolean not null default false,
      settled_at timestamptz not null default now(),
      primary key (registration_id, deadline)
    );
    create index declaration_deadlines_overdue on declaration_deadlines (deadline) where outcome = 'overdue';
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop table declaration_deadlines, declaration_status, profile_changes');
}
