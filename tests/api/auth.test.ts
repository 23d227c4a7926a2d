/** Accounts and sessions on the real API and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNUP_THROTTLE } from '../../domain/accounts.ts';
import { mailsMatching, waitForMail } from '../support/accounts.ts';
import { apiClient } from '../support/api-client.ts';
import { uniqueEmail } from '../support/fixtures.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await setUpFile('api-auth', { api: true });
  api = apiClient(stack.apiUrl);
});
afterAll(() => stack?.teardown());

describe('accounts', () => {
  it('creates a childminder account, which then signs in', async () => {
    const email = uniqueEmail();
    const signup = await api.post('/api/auth/signup', {
      email,
      password: 'une phrase de passe longue',
      displayName: 'Camille Dupont',
    });
    expect(signup).toEqual({ status: 202, body: { sent: true } });
    const token = await api.login(email, 'une phrase de passe longue');
    const me = await api.get('/api/auth/me', token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email, role: 'childminder', registrationId: null, emailVerified: false });
    const stored = await stack.db('users').where({ email_normalized: email }).first();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    expect(
      await stack.db('audit_log').where({ action: 'account.created', target_id: stored.id }),
    ).toHaveLength(1);
  });

  it('refuses a short password, saying which field is wrong', async () => {
    const short = await api.post('/api/auth/signup', {
      email: uniqueEmail(),
      password: 'court',
      displayName: 'A',
    });
    expect(short.status).toBe(422);
    expect(short.body.code).toBe('invalid_input');
    expect(short.body.errors).toContainEqual({ path: 'password', message: 'Au moins 12 caractères.' });
  });

  it('answers a known email as a new one: no second account, and its owner gets an email instead', async () => {
    const email = uniqueEmail('connue');
    await api.signUp(email, 'une phrase de passe longue', 'A');
    const hash = (await stack.db('users').where({ email_normalized: email }).first('password_hash'))
      .password_hash;
    const again = await api.post('/api/auth/signup', {
      email: email.toUpperCase(),
      password: 'une autre phrase de passe',
      displayName: 'B',
    });
    const fresh = await api.post('/api/auth/signup', {
      email: uniqueEmail('nouvelle'),
      password: 'une autre phrase de passe',
      displayName: 'B',
    });
    expect(again).toEqual(fresh);
    const notice = await waitForMail(stack.mailboxUrl, email, /Une inscription a été tentée/);
    expect(notice.text).toContain('http://localhost:3000/mot-de-passe-oublie');
    const rows = await stack
      .db('users')
      .where({ email_normalized: email })
      .select('display_name', 'password_hash');
    expect(rows).toEqual([{ display_name: 'A', password_hash: hash }]);
    // A second attempt within the hour sends no second notice (no mailbox flooding).
    await api.post('/api/auth/signup', { email, password: 'une autre phrase de passe', displayName: 'C' });
    await api.signUp(uniqueEmail('repere'), 'une phrase de passe longue'); // its mail leaves after
    await expect
      .poll(() => mailsMatching(stack.mailboxUrl, email, /Une inscription a été tentée/))
      .toHaveLength(1);
  });

  it('throttles sign-ups per network address, with Retry-After', async () => {
    const from = (address: string, email: string) =>
      fetch(`${stack.apiUrl}/api/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ email, password: 'une phrase de passe longue', displayName: 'A' }),
      });
    for (let i = 0; i < SIGNUP_THROTTLE.addressAttempts; i++)
      expect((await from('203.0.113.7', uniqueEmail('lot'))).status).toBe(202);
    const refused = await from('203.0.113.7', uniqueEmail('lot'));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect(((await refused.json()) as { code: string }).code).toBe('too_many_signups');
    expect((await from('203.0.113.8', uniqueEmail('ailleurs'))).status).toBe(202);
    // The counter keeps no network address in clear.
    expect(JSON.stringify(await stack.db('rate_limits').select('key'))).not.toContain('203.0.113');
  });

  it('answers the same to a wrong password and to an unknown email', async () => {
    const email = uniqueEmail();
    await api.signUp(email, 'une phrase de passe longue', 'A');
    const wrong = await api.post('/api/auth/login', { email, password: 'pas le bon mot de passe' });
    const unknown = await api.post('/api/auth/login', {
      email: uniqueEmail(),
      password: 'pas le bon mot de passe',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('ends the session on logout, and stores only a hash of the token', async () => {
    const email = uniqueEmail();
    const token = await api.signUp(email, 'une phrase de passe longue', 'A');
    expect(await stack.db('sessions').where({ token_hash: token })).toHaveLength(0);
    expect((await api.get('/api/auth/me', token)).status).toBe(200);
    expect((await api.call('POST', '/api/auth/logout', { token })).status).toBe(204);
    const after = await api.get('/api/auth/me', token);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('unauthenticated');
  });

  it('publishes its OpenAPI description', async () => {
    const doc = await api.get('/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toContain('/api/registrations/{id}/submit');
  });
});
