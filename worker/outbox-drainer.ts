/**
 * Delivery of the outbox, beside the cases: a few lanes, each taking the oldest due message with
 * `FOR UPDATE SKIP LOCKED`, sending it, and marking it sent in the same transaction. A worker killed
 * mid-send leaves the row unlocked and unsent: it is sent again, so a duplicate is only ever the
 * message that was on the wire at that instant. SMTP down: each message waits, with a backoff capped
 * at half a minute, and goes out once SMTP answers.
 */
import type { Db } from '../infra/db.ts';
import { log } from '../infra/log.ts';
import { mailFailure, type Mailer } from '../infra/mailer.ts';

export interface OutboxDrainer {
  stop(): Promise<void>;
}

/** Delay before the next attempt at a message, after `attempts` failures. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

/** A refused message is retried this many times before it is given up (a 5xx may be a passing fault). */
const PERMANENT_ATTEMPTS = 5;

type Outcome = 'sent' | 'failed' | 'empty';

async function deliverOne(db: Db, mailer: Mailer): Promise<Outcome> {
  return db.transaction(async (trx) => {
    const row = await trx('outbox')
      .whereNull('sent_at')
      .whereNull('failed_at')
      .where('next_attempt_at', '<=', trx.fn.now())
      .orderBy('next_attempt_at')
      .orderBy('id')
      .forUpdate()
      .skipLocked()
      .first('id', 'message_id', 'recipient', 'subject', 'body', 'attempts');
    if (!row) return 'empty';
    try {
      await mailer.send({
        to: row.recipient,
        subject: row.subject,
        text: row.body,
        messageId: row.message_id,
      });
    } catch (error) {
      const failure = mailFailure(error);
      const attempts = row.attempts + 1;
      await trx('outbox')
        .where({ id: row.id })
        .update({
          attempts,
          last_error: failure.code,
          next_attempt_at: new Date(Date.now() + retryDelayMs(attempts)),
          failed_at: failure.permanent && attempts >= PERMANENT_ATTEMPTS ? trx.fn.now() : null,
        });
      return 'failed';
    }
    // Sent: the address and the text are not kept.
    await trx('outbox')
      .where({ id: row.id })
      .update({
        sent_at: trx.fn.now(),
        attempts: row.attempts + 1,
        recipient: null,
        body: null,
        last_error: null,
      });
    return 'sent';
  });
}

export function startOutboxDrainer(options: {
  db: Db;
  mailer: Mailer;
  lanes?: number;
  /** Pause when nothing is due. */
  idleMs?: number;
}): OutboxDrainer {
  const { db, mailer, lanes = 2, idleMs = 200 } = options;
  let stopped = false;
  const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  let failing = false;

  async function lane(): Promise<void> {
    while (!stopped) {
      let outcome: Outcome;
      try {
        outcome = await deliverOne(db, mailer);
        if (failing) log('info', 'outbox : base de données de retour');
        failing = false;
      } catch (error) {
        // PostgreSQL unavailable: say it once, and try again in a second.
        if (!failing) log('warn', 'outbox : base de données indisponible', { error: (error as Error).name });
        failing = true;
        await pause(1000);
        continue;
      }
      if (outcome !== 'sent') await pause(idleMs);
    }
  }

  const running = Promise.all(Array.from({ length: lanes }, lane));
  return {
    async stop() {
      stopped = true;
      await running;
    },
  };
}
