/** Accounts, offices and routing, registrations, documents, the case projection and the audit log. */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    create table offices (
      id text primary key,
      name text not null,
      target_working_days integer not null check (target_working_days > 0),
      created_at timestamptz not null default now()
    );

    create table departements (
      code text primary key,
      name text not null,
      region_code text not null
    );

    create table routing (
      departement_code text primary key references departements(code),
      office_id text not null references offices(id),
      updated_at timestamptz not null default now(),
      updated_by uuid
    );

    create table communes (
      code text primary key,
      name text not null,
      departement text not null,
      postal_codes text[] not null,
      former_codes text[] not null default '{}',
      population integer not null default 0,
      search_name text not null
    );
    create index communes_search_name on communes (search_name text_pattern_ops);
    create index communes_postal_codes on communes using gin (postal_codes);

    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      email_normalized text not null unique,
      password_hash text not null,
      role text not null check (role in ('childminder', 'moderator', 'supervisor')),
      office_id text references offices(id),
      display_name text not null,
      email_verified_at timestamptz,
      failed_login_count integer not null default 0,
      locked_until timestamptz,
      password_changed_at timestamptz not null default now(),
      created_at timestamptz not null default now(),
      check ((role = 'moderator') = (office_id is not null))
    );

    create table sessions (
      token_hash text primary key,
      user_id uuid not null references users(id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_seen_at timestamptz not null default now()
    );
    create index sessions_user on sessions (user_id);

    create table registrations (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null unique references users(id),
      identity jsonb,
      agrement jsonb,
      contact jsonb,
      availability jsonb,
      nir text generated always as (identity ->> 'nir') stored,
      agrement_number text generated always as (agrement ->> 'number') stored,
      agrement_departement text generated always as (agrement ->> 'departement') stored,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      submitted_at timestamptz
    );
    create index registrations_nir on registrations (nir);
    create index registrations_agrement_number on registrations (agrement_number);

    create table documents (
      id uuid primary key default gen_random_uuid(),
      registration_id uuid not null references registrations(id),
      object_key text not null unique,
      file_name text not null,
      content_type text not null,
      size bigint,
      status text not null default 'pending' check (status in ('pending', 'accepted', 'refused', 'removed')),
      refusal_code text,
      created_at timestamptz not null default now(),
      verified_at timestamptz
    );
    create index documents_registration on documents (registration_id, status);

    create table identity_checks (
      id bigserial primary key,
      registration_id uuid not null references registrations(id),
      outcome text not null,
      fields jsonb not null,
      checked_at timestamptz not null default now()
    );
    create index identity_checks_registration on identity_checks (registration_id, checked_at desc);

    create table cases (
      registration_id uuid primary key references registrations(id),
      workflow_id text not null unique,
      status text not null,
      office_id text references offices(id),
      holder_id uuid references users(id),
      departement text,
      identity_outcome text,
      submitted_at timestamptz,
      status_since timestamptz not null,
      due_at timestamptz,
      decided_at timestamptz,
      seq integer not null,
      updated_at timestamptz not null default now()
    );
    create index cases_office_queue on cases (office_id, status, submitted_at, registration_id);

    create table case_messages (
      id uuid primary key default gen_random_uuid(),
      registration_id uuid not null references registrations(id),
      author_id uuid not null references users(id),
      kind text not null check (kind in ('correction_request', 'rejection', 'note')),
      reason_code text,
      body text not null,
      fields text[] not null default '{}',
      created_at timestamptz not null default now()
    );
    create index case_messages_registration on case_messages (registration_id, created_at);

    create table case_events (
      registration_id uuid not null references registrations(id),
      seq integer not null,
      type text not null,
      status text not null,
      at timestamptz not null,
      actor_id uuid references users(id),
      office_id text references offices(id),
      message_id uuid references case_messages(id),
      data jsonb not null default '{}',
      primary key (registration_id, seq)
    );

    create table public_profiles (
      registration_id uuid primary key references registrations(id),
      profile jsonb not null,
      published_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table notifications (
      registration_id uuid not null references registrations(id),
      key text not null,
      template text not null,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      primary key (registration_id, key)
    );

    create table audit_log (
      id bigserial primary key,
      at timestamptz not null default now(),
      actor_id uuid references users(id),
      actor_role text,
      action text not null,
      target_type text not null,
      target_id text not null,
      detail jsonb not null default '{}'
    );
    create index audit_log_target on audit_log (target_type, target_id, at);
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`
    drop table audit_log, notifications, public_profiles, case_events, case_messages, cases, identity_checks, documents,
      registrations, sessions, users, communes, routing, departements, offices;
  `);
}
