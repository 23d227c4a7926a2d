/**
 * Contact requests from parents to published childminders, each followed by its own workflow
 * (`contact-request:<id>`); the links emailed to the parent (only their hash is kept); her answer;
 * and the emails of a request, each sent once. Personal data is erased after the retention period.
 */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    create table contact_requests (
      id uuid primary key default gen_random_uuid(),
      registration_id uuid not null references registrations(id),
      -- Her office when the request was made, for the supervisors' figures.
      office_id text references offices(id),
      status text not null default 'awaiting_verification' check (status in
        ('awaiting_verification', 'delivered', 'answered', 'declined', 'expired', 'unverified')),
      -- Personal data, erased at purge (the keys, hashes, stay for the limits and figures).
      parent_name text,
      parent_email text,
      parent_phone text,
      message text,
      parent_key text not null,
      address_key text not null,
      age_group text not null check (age_group in ('under3', 'from3to6', 'over6')),
      start_date date not null,
      days text[] not null,
      hours_from text,
      hours_to text,
      created_at timestamptz not null default now(),
      verified_at timestamptz,
      delivered_at timestamptz,
      reminded_at timestamptz,
      expires_at timestamptz,
      closed_at timestamptz,
      purged_at timestamptz,
      -- Her answer: what she shares for this parent (a channel, its value then), or a coded refusal.
      answer_kind text check (answer_kind in ('accept', 'decline')),
      answer_channel text check (answer_channel in ('phone', 'email')),
      answer_contact text,
      answer_message text,
      decline_reason text check (decline_reason in ('no_place', 'schedule', 'distance', 'other')),
      answered_at timestamptz
    );
    create index contact_requests_childminder on contact_requests (registration_id, created_at desc);
    create index contact_requests_parent on contact_requests (parent_key, created_at);
    create index contact_requests_address on contact_requests (address_key, created_at);
    create index contact_requests_office on contact_requests (office_id, delivered_at);

    -- A draft answer until the workflow accepts it (the Update carries its id, never its text).
    create table contact_answers (
      id uuid primary key default gen_random_uuid(),
      request_id uuid not null references contact_requests(id) on delete cascade,
      kind text not null check (kind in ('accept', 'decline')),
      channel text check (channel in ('phone', 'email')),
      contact text,
      message text,
      decline_reason text,
      created_at timestamptz not null default now()
    );

    -- The parent's private links (verification, then following the request): SHA-256 of the token.
    create table contact_request_links (
      token_hash text primary key,
      request_id uuid not null references contact_requests(id) on delete cascade,
      created_at timestamptz not null default now()
    );
    create index contact_request_links_request on contact_request_links (request_id);

    -- Each email of a request is sent at most once per key.
    create table contact_request_mails (
      request_id uuid not null references contact_requests(id) on delete cascade,
      key text not null,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      primary key (request_id, key)
    );
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop table contact_request_mails, contact_request_links, contact_answers, contact_requests');
}
