/**
 * Sign-up throttling with rate-limiter-flexible's PostgreSQL store (table `rate_limits`): attempts
 * per network address (a 429 that says when to come back), and at most one notice per interval to
 * the owner of an address someone tried to sign up with (silently: the answer must not tell).
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { SIGNUP_THROTTLE } from '../../domain/accounts.ts';
import { Throttled } from './throttle.ts';

/** Keys are hashes: the table keeps no network address and no account id in clear. */
const keyOf = (value: string) => createHash('sha256').update(value).digest('hex');

function limiter(db: Knex, keyPrefix: string, points: number, durationMs: number) {
  return new RateLimiterPostgres({
    storeClient: db,
    storeType: 'knex',
    tableName: 'rate_limits',
    tableCreated: true, // by migrations/0008_rate_limits.ts
    clearExpiredByTimeout: false, // expired rows are swept by `signUpThrottle` itself
    keyPrefix,
    points,
    duration: Math.round(durationMs / 1000),
  });
}

export function signUpThrottle(db: Knex) {
  const attempts = limiter(db, 'signup', SIGNUP_THROTTLE.addressAttempts, SIGNUP_THROTTLE.windowMs);
  const notices = limiter(db, 'signup-notice', 1, SIGNUP_THROTTLE.noticeIntervalMs);
  return {
    /** Counts an attempt from this address; throws a 429 once there were too many. */
    async attempt(address: string): Promise<void> {
      try {
        await attempts.consume(keyOf(address));
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        const minutes = Math.max(1, Math.ceil(refusal.msBeforeNext / 60_000));
        throw new Throttled(
          'too_many_signups',
          `Trop de comptes créés depuis votre réseau. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
          new Date(Date.now() + refusal.msBeforeNext),
        );
      } finally {
        await db('rate_limits').where('expire', '<', Date.now()).delete();
      }
    },
    /** Whether the owner of this account may be told (again) that someone used her address. */
    async mayNotify(userId: string): Promise<boolean> {
      try {
        await notices.consume(keyOf(userId));
        return true;
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) return false;
        throw refusal;
      }
    },
  };
}
