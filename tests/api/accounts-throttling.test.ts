/**
 * Sign-in throttling: an account locks after 5 failures within 15 minutes (longer each time), an
 * address that fails too often must wait (429 + Retry-After), and neither tells whether an email
 * has an account. Each test signs in "from" its own address, as the UI server forwards it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockedMessage, LOGIN_THROTTLE } from '../../domain/accounts.ts';
import { accountKey } from '../../api/auth/throttle.ts';
import { postFrom, TEST_TOTP_SECRET, TOTP_PERIOD_MS, totpCode } from '../support/accounts.ts';
import { createUser, TEST_PASSWORD, uniqueEmail } from '../support/fixtures.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;

beforeAll(async () => {
  stack = await setUpFile('api-accounts-throttling', { api: true });
});
afterAll(() => stack?.teardown());

const login = (address: string, email: string, password: string) =>
  postFrom(stack.apiUrl, address, '/api/auth/login', { email, password });

async function failFourTimes(address: string, email: string) {
  for (let i = 0; i < LOGIN_THROTTLE.accountFailures - 1; i++) {
    const response = await login(address, email, 'pas le bon mot de passe');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('bad_credentials');
  }
}

/** Moves the account's lock into the past, as if its time had run out (failures before it no longer count). */
async function expireLock(email: string) {
  await stack
    .db('login_throttle')
    .where({ account_key: accountKey(email) })
    .update({ locked_until: stack.db.raw("now() - interval '1 second'"), counted_since: stack.db.fn.now() });
}

describe('sign-in throttling', () => {
  it('locks an account after 5 failures and says until when, even for the right password', async () => {
    const user = await createUser(stack.db);
    await failFourTimes('203.0.113.10', user.email);
    const fifth = await login('203.0.113.10', user.email, 'pas le bon mot de passe');
    expect(fifth.status).toBe(429);
    expect(fifth.body.code).toBe('account_locked');
    const lock = await stack
      .db('login_throttle')
      .where({ account_key: accountKey(user.email) })
      .first();
    expect(fifth.body.detail).toBe(lockedMessage(lock.locked_until, new Date()));
    expect(fifth.body.detail).toMatch(/ce compte est bloqué jusqu’à \d{1,2} h \d{2}\./);
    expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(LOGIN_THROTTLE.lockMs / 1000 - 10);

    const right = await login('203.0.113.11', user.email, TEST_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.body.code).toBe('account_locked');
  });

  it('locks an unknown email exactly like a real one', async () => {
    const stranger = uniqueEmail('inconnue');
    await failFourTimes('203.0.113.12', stranger);
    const fifth = await login('203.0.113.12', stranger, 'pas le bon mot de passe');
    expect(fifth.status).toBe(429);
    expect(fifth.body.code).toBe('account_locked');
    expect(fifth.body.detail).toMatch(/ce compte est bloqué jusqu’à \d{1,2} h \d{2}\./);
  });

  it('locks longer the second time, and a successful sign-in starts over', async () => {
    const user = await createUser(stack.db);
    await failFourTimes('203.0.113.13', user.email);
    await login('203.0.113.13', user.email, 'pas le bon mot de passe');
    await expireLock(user.email);

    await failFourTimes('203.0.113.13', user.email);
    const second = await login('203.0.113.13', user.email, 'pas le bon mot de passe');
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(
      (2 * LOGIN_THROTTLE.lockMs) / 1000 - 10,
    );
    await expireLock(user.email);

    expect((await login('203.0.113.13', user.email, TEST_PASSWORD)).status).toBe(200);
    await failFourTimes('203.0.113.13', user.email);
    const third = await login('203.0.113.13', user.email, 'pas le bon mot de passe');
    expect(Number(third.headers.get('retry-after'))).toBeLessThanOrEqual(LOGIN_THROTTLE.lockMs / 1000);
  });

  it('makes an address that keeps failing wait, without hindering other addresses', async () => {
    const user = await createUser(stack.db);
    for (let i = 0; i < LOGIN_THROTTLE.addressFailures; i++) {
      const response = await login('203.0.113.20', uniqueEmail('robot'), 'essai numéro ' + i);
      expect(response.status).toBe(401);
    }
    const blocked = await login('203.0.113.20', user.email, TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('too_many_attempts');
    expect(blocked.body.detail).toMatch(/depuis votre réseau\. Réessayez dans 1[45] minutes\./);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(LOGIN_THROTTLE.windowMs / 1000);

    expect((await login('203.0.113.21', user.email, TEST_PASSWORD)).status).toBe(200);
  });

  it('counts wrong second-factor codes against the account', async () => {
    const moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
    const now = Date.now();
    const valid = new Set([-1, 0, 1].map((k) => totpCode(TEST_TOTP_SECRET, now + k * TOTP_PERIOD_MS)));
    const wrong = ['111111', '222222', '333333', '444444', '555555', '666666'].filter((c) => !valid.has(c));
    const step = await login('203.0.113.30', moderator.email, TEST_PASSWORD);
    expect(step.status).toBe(200);
    const answers: number[] = [];
    let last: Awaited<ReturnType<typeof postFrom>> | null = null;
    for (const code of wrong.slice(0, LOGIN_THROTTLE.accountFailures)) {
      last = await postFrom(stack.apiUrl, '203.0.113.30', '/api/auth/login/second-factor', {
        challenge: step.body.challenge,
        code,
      });
      answers.push(last.status);
    }
    expect(answers).toEqual([401, 401, 401, 401, 429]);
    expect(last?.body.code).toBe('account_locked');
  });
});
