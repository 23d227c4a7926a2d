/** Moderation: queue indexes and filters, internal notes, deadline reminders and escalations. */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    -- Keyset pages of a queue: the office, then the sort key and the id (api/cases/queue-query.ts
    -- uses these exact expressions), the status carried along. A queue usually shows several
    -- statuses (every status awaiting a moderator): walking the office's cases in order and skipping
    -- the other statuses keeps a page's cost flat, where one index per status would need a sort.
    -- A supervisor's queue across offices walks the office-less ones.
    drop index cases_office_queue;
    create index cases_queue_submitted
      on cases (office_id, (coalesce(submitted_at, 'infinity'::timestamptz)), registration_id) include (status);
    create index cases_queue_due
      on cases (office_id, (coalesce(due_at, 'infinity'::timestamptz)), registration_id) include (status);
    create index cases_all_submitted
      on cases ((coalesce(submitted_at, 'infinity'::timestamptz)), registration_id) include (status, office_id);
    create index cases_all_due
      on cases ((coalesce(due_at, 'infinity'::timestamptz)), registration_id) include (status, office_id);
    -- Counts per status (and late ones) without reading the table.
    create index cases_office_status on cases (office_id, status, due_at);
    create index cases_holder on cases (holder_id, status) where holder_id is not null;
    create index cases_departement on cases (departement, status);

    -- Notes between staff about a case: never shown to the childminder, never in Temporal.
    create table case_notes (
      id uuid primary key default gen_random_uuid(),
      registration_id uuid not null references registrations(id),
      author_id uuid not null references users(id),
      body text not null check (length(body) between 1 and 4000),
      created_at timestamptz not null default now()
    );
    create index case_notes_registration on case_notes (registration_id, created_at);

    -- Deadline emails to staff, each sent once per case and key (a retried activity does not resend).
    create table staff_notifications (
      registration_id uuid not null references registrations(id),
      key text not null,
      kind text not null check (kind in ('deadline_reminder', 'deadline_escalation')),
      recipients integer not null default 0,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      primary key (registration_id, key)
    );
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`
    drop table staff_notifications, case_notes;
    drop index cases_queue_submitted, cases_queue_due, cases_all_submitted, cases_all_due, cases_office_status,
      cases_holder, cases_departement;
    create index cases_office_queue on cases (office_id, status, submitted_at, registration_id);
  `);
}
