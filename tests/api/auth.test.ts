/** Accounts and sessions on the real API and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  it('creates a childminder account and opens a session with it', async () => {
    const email = uniqueEmail();
    const signup = await api.post('/api/auth/signup', {
      email,
      password: 'une phrase de passe longue',
      displayName: 'Camille Dupont',
    });
    expect(signup.status).toBe(201);
    const me = await api.get('/api/auth/me', signup.body.token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email, role: 'childminder', registrationId: null });
    const stored = await stack.db('users').where({ email_normalized: email }).first();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    expect(
      await stack.db('audit_log').where({ action: 'account.created', target_id: stored.id }),
    ).toHaveLength(1);
  });

  it('refuses a short password and a taken email, saying which field is wrong', async () => {
    const short = await api.post('/api/auth/signup', {
      email: uniqueEmail(),
      password: 'court',
      displayName: 'A',
    });
    expect(short.status).toBe(422);
    expect(short.body.code).toBe('invalid_input');
    expect(short.body.errors).toContainEqual({ path: 'password', message: 'Au moins 12 caractères.' });

    const email = uniqueEmail();
    await api.post('/api/auth/signup', { email, password: 'une phrase de passe longue', displayName: 'A' });
    const taken = await api.post('/api/auth/signup', {
      email: email.toUpperCase(),
      password: 'une phrase de passe longue',
      displayName: 'B',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('email_taken');
  });

  it('answers the same to a wrong password and to an unknown email', async () => {
    const email = uniqueEmail();
    await api.post('/api/auth/signup', { email, password: 'une phrase de passe longue', displayName: 'A' });
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
    await api.post('/api/auth/signup', { email, password: 'une phrase de passe longue', displayName: 'A' });
    const token = await api.login(email, 'une phrase de passe longue');
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
