/**
 * The outbox: an email is a row written in the same transaction as the fact it tells (a case's
 * transition, a new account), and sent later by the worker's drainer (worker/outbox-drainer.ts). The
 * fact never waits for SMTP, and a message is never lost with a crash: it is sent once SMTP answers.
 */
import type { Knex } from 'knex';

export interface OutgoingMail {
  /** What the message is about, unique: queuing the same fact twice queues it once. */
  dedupeKey: string;
  /** Kept across retries: a message sent again after a crash is recognisable as the same one. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  /** The template or account email, for operators (no personal data). */
  kind: string;
  registrationId?: string | null;
}

/** Queues an email; returns false when the same fact was already queued. */
export async function enqueueMail(db: Knex | Knex.Transaction, mail: OutgoingMail): Promise<boolean> {
  const inserted = await db('outbox')
    .insert({
      dedupe_key: mail.dedupeKey,
      message_id: mail.messageId,
      recipient: mail.to,
      subject: mail.subject,
      body: mail.text,
      kind: mail.kind,
      registration_id: mail.registrationId ?? null,
    })
    .onConflict('dedupe_key')
    .ignore()
    .returning('id');
  return inserted.length > 0;
}

/** A Message-ID from a stable key: `<key@registre-assmat>`, with only the characters it allows. */
export function stableMessageId(key: string): string {
  return `<${key.replace(/[^\w.-]/g, '.')}@registre-assmat>`;
}
