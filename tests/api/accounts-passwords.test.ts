/** Forgotten password, password change, signing out everywhere, and how long a session lives. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_MAX_AGE_MS } from '../../domain/accounts.ts';
import { apiClient } from '../support/api-client.ts';
import { linkToken, mailsMatching, waitForMail } from '../support/accounts.ts';
import { createUser, TEST_PASSWORD, uniqueEmail } from '../support/fixtures.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
const RESET = /Réinitialisation de votre mot de passe/;
const NEW_PASSWORD = 'un tout nouveau mot de passe';

beforeAll(async () => {
  stack = await setUpFile('api-accounts-passwords', { api: true });
  api = apiClient(stack.apiUrl);
});
afterAll(() => stack?.teardown());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('forgotten password', () => {
  it('answers the same whether the account exists, and mails a link only to a real account', async () => {
    const user = await createUser(stack.db, { email: uniqueEmail('oubli') });
    const stranger = uniqueEmail('inconnue');
    const known = await api.post('/api/auth/password-reset', { email: user.email.toUpperCase() });
    const unknown = await api.post('/api/auth/password-reset', { email: stranger });
    expect(known.status).toBe(202);
    expect(unknown).toEqual(known);
    await waitForMail(stack.mailboxUrl, user.email, RESET);
    await sleep(500);
    expect(await mailsMatching(stack.mailboxUrl, stranger, RESET)).toEqual([]);
  });

  it('sets a new password once with the link, and ends every session', async () => {
    const user = await createUser(stack.db, { email: uniqueEmail('oubli') });
    const before = await api.login(user.email, TEST_PASSWORD);
    await api.post('/api/auth/password-reset', { email: user.email });
    const link = linkToken(await waitForMail(stack.mailboxUrl, user.email, RESET), 'reinitialisation');

    expect((await api.get(`/api/auth/password-reset/${link}`)).body).toEqual({ valid: true });
    const short = await api.post(`/api/auth/password-reset/${link}`, { password: 'court' });
    expect(short.status).toBe(422);
    expect(short.body.errors).toContainEqual({ path: 'password', message: 'Au moins 12 caractères.' });

    const reset = await api.post(`/api/auth/password-reset/${link}`, { password: NEW_PASSWORD });
    expect(reset.status).toBe(200);
    expect((await api.get('/api/auth/me', before)).status).toBe(401);
    expect((await api.post('/api/auth/login', { email: user.email, password: TEST_PASSWORD })).status).toBe(
      401,
    );
    expect(await api.login(user.email, NEW_PASSWORD)).toBeTruthy();
    expect(
      await stack.db('audit_log').where({ action: 'account.password_reset', target_id: user.id }),
    ).toHaveLength(1);

    const again = await api.post(`/api/auth/password-reset/${link}`, {
      password: 'encore un autre mot de passe',
    });
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('link_used');
    expect((await api.get(`/api/auth/password-reset/${link}`)).body.code).toBe('link_used');
  });

  it('refuses an expired link and keeps the old password', async () => {
    const user = await createUser(stack.db, { email: uniqueEmail('oubli') });
    await api.post('/api/auth/password-reset', { email: user.email });
    const link = linkToken(await waitForMail(stack.mailboxUrl, user.email, RESET), 'reinitialisation');
    // The link lives 30 minutes: its expiry is moved into the past rather than waited for.
    await stack
      .db('account_links')
      .where({ user_id: user.id })
      .update({ expires_at: stack.db.raw("now() - interval '1 second'") });
    const expired = await api.post(`/api/auth/password-reset/${link}`, { password: NEW_PASSWORD });
    expect(expired.status).toBe(410);
    expect(expired.body.code).toBe('link_expired');
    expect(await api.login(user.email, TEST_PASSWORD)).toBeTruthy();
  });
});

describe('her account', () => {
  it('changes the password with the current one, ending her other sessions and renewing this one', async () => {
    const user = await createUser(stack.db);
    const here = await api.login(user.email, TEST_PASSWORD);
    const elsewhere = await api.login(user.email, TEST_PASSWORD);

    const wrong = await api.post(
      '/api/account/password',
      { currentPassword: 'pas le bon', newPassword: NEW_PASSWORD },
      here,
    );
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([
      { path: 'currentPassword', message: 'Mot de passe actuel incorrect.' },
    ]);

    const changed = await api.post(
      '/api/account/password',
      { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
      here,
    );
    expect(changed.status).toBe(200);
    expect(changed.body.endedSessions).toBe(1);
    // The token in use before the change is dead too: she carries on with the new one.
    expect(changed.body.token).not.toBe(here);
    expect((await api.get('/api/auth/me', here)).status).toBe(401);
    expect((await api.get('/api/auth/me', elsewhere)).status).toBe(401);
    expect((await api.get('/api/auth/me', changed.body.token)).body.id).toBe(user.id);
    expect(new Date(changed.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(await api.login(user.email, NEW_PASSWORD)).toBeTruthy();
    const audited = await stack
      .db('audit_log')
      .where({ action: 'account.password_changed', target_id: user.id })
      .first();
    expect(audited.detail).toEqual({ endedSessions: 1, sessionRotated: true });
  });

  it('signs out everywhere', async () => {
    const user = await createUser(stack.db);
    const phone = await api.login(user.email, TEST_PASSWORD);
    const computer = await api.login(user.email, TEST_PASSWORD);
    expect((await api.get('/api/account', phone)).body).toMatchObject({ email: user.email, openSessions: 2 });
    expect((await api.post('/api/account/sessions/end-all', {}, computer)).status).toBe(204);
    expect((await api.get('/api/auth/me', phone)).status).toBe(401);
    expect((await api.get('/api/auth/me', computer)).status).toBe(401);
    expect(
      await stack.db('audit_log').where({ action: 'account.sessions_ended', target_id: user.id }),
    ).toHaveLength(1);
  });
});

describe('session lifetime', () => {
  it('extends a session while it is used, never past its maximum age', async () => {
    const user = await createUser(stack.db);
    const token = await api.login(user.email, TEST_PASSWORD);
    const maxAge = SESSION_MAX_AGE_MS.childminder;
    // Signed in almost 30 days ago, and used ever since.
    await stack
      .db('sessions')
      .where({ user_id: user.id })
      .update({ created_at: new Date(Date.now() - maxAge + 3600_000) });
    expect((await api.get('/api/auth/me', token)).status).toBe(200);
    const session = await stack.db('sessions').where({ user_id: user.id }).first();
    expect(session.expires_at.getTime()).toBeLessThanOrEqual(session.created_at.getTime() + maxAge);
    expect(session.expires_at.getTime()).toBeGreaterThan(Date.now() + 3500_000);

    await stack
      .db('sessions')
      .where({ user_id: user.id })
      .update({
        created_at: new Date(Date.now() - maxAge - 1000),
        expires_at: new Date(Date.now() + 3600_000),
      });
    // An expiry written before the cap (by an older version) does not outlive the maximum age either.
    const after = await api.get('/api/auth/me', token);
    expect(after.status).toBe(401);
  });
});
