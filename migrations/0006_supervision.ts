/** Supervision: routing changes history, bulk reassignments and their reports. */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    -- Every change of the routing table, kept: a case is routed once, so this says where new cases went when.
    create table routing_changes (
      id bigserial primary key,
      departement_code text not null references departements(code),
      from_office_id text references offices(id),
      to_office_id text not null references offices(id),
      changed_by uuid references users(id),
      changed_at timestamptz not null default now()
    );
    create index routing_changes_departement on routing_changes (departement_code, changed_at desc);
    create index routing_changes_at on routing_changes (changed_at desc);

    -- The statistics read decisions per week from the timeline.
    create index case_events_supervision_type_at on case_events (type, at);

    create table bulk_reassignments (
      id uuid primary key default gen_random_uuid(),
      workflow_id text not null unique,
      started_by uuid not null references users(id),
      started_at timestamptz not null default now(),
      to_office_id text not null references offices(id),
      -- What was asked: explicit case ids ({"kind":"cases"}) or a queue filter ({"kind":"filter"}): codes only.
      selection jsonb not null,
      status text not null default 'selecting'
        check (status in ('selecting', 'running', 'completed', 'cancelled', 'failed')),
      total integer,
      cancel_requested_at timestamptz,
      cancel_requested_by uuid references users(id),
      finished_at timestamptz
    );
    create index bulk_reassignments_started on bulk_reassignments (started_at desc);

    -- The frozen selection, one row per case, with its outcome once processed (exactly one per case).
    create table bulk_reassignment_items (
      bulk_id uuid not null references bulk_reassignments(id) on delete cascade,
      position integer not null,
      registration_id uuid not null references registrations(id),
      from_office_id text references offices(id),
      outcome text check (outcome in ('moved', 'skipped', 'failed', 'not_processed')),
      reason text,
      processed_at timestamptz,
      primary key (bulk_id, position),
      unique (bulk_id, registration_id)
    );
    create index bulk_reassignment_items_pending on bulk_reassignment_items (bulk_id, position) where outcome is null;
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`
    drop table bulk_reassignment_items, bulk_reassignments, routing_changes;
    drop index case_events_supervision_type_at;
  `);
}
