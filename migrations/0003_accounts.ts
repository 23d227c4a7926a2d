/** Accounts: email verification, password reset, sign-in throttling, staff invitations, TOTP, supervisors' offices. */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    -- An invited staff member has no password until she accepts her invitation.
    alter table users alter column password_hash drop not null;
    alter table users
      add column national boolean not null default false,
      add column totp_secret text,
      add column totp_enrolled_at timestamptz,
      add column totp_last_step bigint,
      add column invited_by uuid references users(id),
      add column deactivated_at timestamptz,
      add column last_login_at timestamptz,
      -- Throttling lives in login_throttle now, keyed by the email's hash whether or not an account exists.
      drop column failed_login_count,
      drop column locked_until,
      add constraint users_national_supervisor check (not national or role = 'supervisor'),
      add constraint users_childminder_password check (role <> 'childminder' or password_hash is not null);

    -- The offices a (non-national) supervisor oversees; a moderator's single office stays users.office_id.
    create table supervisor_offices (
      user_id uuid not null references users(id) on delete cascade,
      office_id text not null references offices(id),
      primary key (user_id, office_id)
    );
    create index supervisor_offices_office on supervisor_offices (office_id);

    -- Links sent by email (verification, reset, invitation): only the SHA-256 of the token is kept.
    create table account_links (
      token_hash text primary key,
      user_id uuid not null references users(id) on delete cascade,
      purpose text not null check (purpose in ('email_verification', 'password_reset', 'invitation')),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    );
    create index account_links_user on account_links (user_id, purpose, created_at desc);

    -- Between the password and the code of a staff sign-in.
    create table login_challenges (
      token_hash text primary key,
      user_id uuid not null references users(id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      attempts integer not null default 0
    );

    -- Failed sign-ins, keyed by a hash of the email (known or not, so that throttling reveals nothing)
    -- and by the client's address; kept one day at most.
    create table login_failures (
      id bigserial primary key,
      account_key text not null,
      address text not null,
      at timestamptz not null default now()
    );
    create index login_failures_account on login_failures (account_key, at);
    create index login_failures_address on login_failures (address, at);

    -- Per account key: the current lock, how many locks in a row, and since when failures count.
    create table login_throttle (
      account_key text primary key,
      locked_until timestamptz,
      lock_level integer not null default 0,
      counted_since timestamptz not null default now()
    );
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`
    drop table login_throttle, login_failures, login_challenges, account_links, supervisor_offices;
    alter table users
      drop constraint users_childminder_password,
      drop constraint users_national_supervisor,
      drop column last_login_at,
      drop column deactivated_at,
      drop column invited_by,
      drop column totp_last_step,
      drop column totp_enrolled_at,
      drop column totp_secret,
      drop column national,
      add column failed_login_count integer not null default 0,
      add column locked_until timestamptz;
    delete from users where password_hash is null;
    alter table users alter column password_hash set not null;
  `);
}
