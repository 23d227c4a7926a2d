/**
 * Reliability: the outbox of emails (written with the fact they tell, sent by the worker's drainer),
 * and the key of each identity check, so that a retried step reuses the registry's first answer.
 */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    create table outbox (
      id bigserial primary key,
      -- What the message is about: the same fact (a case's step, an account email) is queued once.
      dedupe_key text not null unique,
      message_id text not null,
      -- Cleared once sent: the address and the text (a link, a moderator's message) are not kept.
      recipient text,
      body text,
      subject text not null,
      kind text not null,
      registration_id uuid references registrations(id),
      created_at timestamptz not null default now(),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      -- A code (network, timeout, SMTP status), never the server's words, which may quote the address.
      last_error text,
      sent_at timestamptz,
      -- Given up (the SMTP server refused it for good): operators see it here.
      failed_at timestamptz
    );
    create index outbox_due on outbox (next_attempt_at, id) where sent_at is null and failed_at is null;
    create index outbox_registration on outbox (registration_id) where registration_id is not null;

    -- The workflow step that asked (its run and activity): a retry of that step finds the answer here.
    alter table identity_checks add column request_key text unique;
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('alter table identity_checks drop column request_key; drop table outbox');
}
