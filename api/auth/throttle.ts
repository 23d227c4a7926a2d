/**
 * Sign-in throttling, per account and per network address (thresholds in domain/accounts.ts).
 * Accounts are keyed by a hash of the email, whether or not an account exists: an unknown email
 * locks exactly like a known one, so the answers never tell which emails have an account.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Context, Next } from 'koa';
import { LOGIN_THROTTLE, lockDuration, lockedMessage, normalizeEmail } from '../../domain/accounts.ts';
import { Problem } from '../problem.ts';

/** The throttling key of an email (its hash: the failure log keeps no address in clear). */
export function accountKey(email: string): string {
  return createHash('sha256')
    .update(`connexion:${normalizeEmail(email)}`)
    .digest('hex');
}

/** A 429 that says when to come back, in words and in `Retry-After`. */
export class Throttled extends Problem {
  readonly retryAfterSeconds: number;

  constructor(code: string, detail: string, until: Date) {
    super(429, code, detail);
    this.retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  }
}

function lockedProblem(until: Date): Throttled {
  return new Throttled('account_locked', lockedMessage(until, new Date()), until);
}

/** Throws a 429 when the account is locked or the address has failed too often lately. */
export async function ensureMaySignIn(db: Knex, key: string, address: string): Promise<void> {
  const state = await db('login_throttle').where({ account_key: key }).first('locked_until');
  if (state?.locked_until && state.locked_until > new Date()) throw lockedProblem(state.locked_until);

  await ensureAddressMayTry(db, address, 'de connexion');
}

/**
 * Throws a 429 when this network address has failed too often lately (`address` may carry a prefix
 * that gives other attempts a budget of their own; `what` names them in the message).
 */
export async function ensureAddressMayTry(db: Knex, address: string, what: string): Promise<void> {
  const recent = await db('login_failures')
    .where({ address })
    .andWhere('at', '>', new Date(Date.now() - LOGIN_THROTTLE.windowMs))
    .orderBy('at', 'desc')
    .limit(LOGIN_THROTTLE.addressFailures)
    .pluck<Date[]>('at');
  if (recent.length >= LOGIN_THROTTLE.addressFailures) {
    // Allowed again once the oldest of these leaves the window.
    const until = new Date(recent[recent.length - 1]!.getTime() + LOGIN_THROTTLE.windowMs);
    const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
    throw new Throttled(
      'too_many_attempts',
      `Trop de tentatives ${what} depuis votre réseau. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
      until,
    );
  }
}

/** Records a failed attempt that locks no account (an API client's): it counts for its address only. */
export async function recordFailedAttempt(db: Knex, key: string, address: string): Promise<void> {
  await db('login_failures').insert({ account_key: key, address, at: new Date() });
}

/** Records a failed attempt; when it is one too many, locks the account and throws the lock's 429. */
export async function recordFailedSignIn(db: Knex, key: string, address: string): Promise<void> {
  const now = new Date();
  const windowStart = new Date(now.getTime() - LOGIN_THROTTLE.windowMs);
  const lockedUntil = await db.transaction(async (trx) => {
    await trx('login_failures').insert({ account_key: key, address, at: now });
    await trx('login_throttle')
      .insert({ account_key: key, counted_since: windowStart })
      .onConflict()
      .ignore();
    const state = await trx('login_throttle').where({ account_key: key }).forUpdate().first();
    const since = state.counted_since > windowStart ? state.counted_since : windowStart;
    const [counted] = await trx('login_failures')
      .where({ account_key: key })
      .andWhere('at', '>=', since)
      .count<[{ count: string }]>('* as count');
    if (Number(counted?.count ?? 0) < LOGIN_THROTTLE.accountFailures) return null;
    // Escalates while the locks follow one another without a successful sign-in between them.
    const level = state.locked_until ? state.lock_level + 1 : 0;
    const until = new Date(now.getTime() + lockDuration(level));
    await trx('login_throttle')
      .where({ account_key: key })
      .update({ locked_until: until, lock_level: level, counted_since: until });
    return until;
  });
  // Old failures serve no purpose: the window is minutes long.
  await db('login_failures')
    .where('at', '<', new Date(now.getTime() - 24 * 3600_000))
    .delete();
  if (lockedUntil) throw lockedProblem(lockedUntil);
}

/** A successful sign-in clears the account's failures and lock escalation (not the address's). */
export async function recordSuccessfulSignIn(db: Knex, key: string): Promise<void> {
  await db('login_throttle')
    .insert({ account_key: key, locked_until: null, lock_level: 0, counted_since: new Date() })
    .onConflict('account_key')
    .merge();
}

/** Router middleware: a throttled answer carries `Retry-After` (the problem middleware writes the body). */
export async function retryAfterHeader(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (error) {
    if (error instanceof Throttled) ctx.set('Retry-After', String(error.retryAfterSeconds));
    throw error;
  }
}
