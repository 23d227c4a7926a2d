/**
 * An account's changes and their audit lines commit together (see audit-same-transaction.test.ts):
 * when the line is refused, sign-up leaves no account and no email, a confirmed address, a reset
 * password or an accepted invitation leave the account and its link as they were, and no session is
 * opened without its `session.opened` line. Once the line can be written, the same call succeeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLink } from '../../api/auth/links.ts';
import { apiClient } from '../support/api-client.ts';
import { postFrom, TEST_TOTP_SECRET, totpCode } from '../support/accounts.ts';
import { auditRefusal } from '../support/audit-refusal.ts';
import { createUser, TEST_PASSWORD, uniqueEmail } from '../support/fixtures.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let withAuditRefusing: ReturnType<typeof auditRefusal>['withAuditRefusing'];
let linesOf: ReturnType<typeof auditRefusal>['linesOf'];

beforeAll(async () => {
  stack = await setUpFile('audit-same-transaction-accounts', { api: true });
  api = apiClient(stack.apiUrl);
  ({ withAuditRefusing, linesOf } = auditRefusal(stack.db));
});
afterAll(() => stack?.teardown());

const NEW_PASSWORD = 'un tout autre mot de passe';
const userRow = (id: string) =>
  stack.db('users').where({ id }).first('password_hash', 'email_verified_at', 'totp_enrolled_at');
const linkUsed = async (id: string, purpose: string) =>
  (await stack.db('account_links').where({ user_id: id, purpose }).first('used_at')).used_at !== null;
const sessionsOf = (id: string) => stack.db('sessions').where({ user_id: id }).pluck('token_hash');
const mailsTo = (email: string) => stack.db('outbox').where({ recipient: email }).pluck('kind');

describe('an account change whose audit line fails is not made', () => {
  it('signing up: no account, no email', async () => {
    const email = uniqueEmail('inscrite');
    const body = { email, password: TEST_PASSWORD, displayName: 'Camille Dupont' };
    const failed = await withAuditRefusing('account.created', () =>
      postFrom(stack.apiUrl, '192.0.2.21', '/api/auth/signup', body),
    );
    expect(failed.status).toBe(500);
    expect(await stack.db('users').where({ email_normalized: email }).first('id')).toBeUndefined();
    expect(await mailsTo(email)).toEqual([]);

    expect((await postFrom(stack.apiUrl, '192.0.2.22', '/api/auth/signup', body)).status).toBe(202);
    const created = await stack.db('users').where({ email_normalized: email }).first('id');
    expect(await linesOf('account.created', created.id)).toHaveLength(1);
    expect(await mailsTo(email)).toEqual(['email_verification']);
  });

  it('confirming her address: still unconfirmed, the link still usable', async () => {
    const user = await createUser(stack.db);
    await stack.db('users').where({ id: user.id }).update({ email_verified_at: null });
    const path = `/api/auth/email-verification/${await issueLink(stack.db, user.id, 'email_verification')}`;
    const failed = await withAuditRefusing('account.email_verified', () => api.post(path, {}));
    expect(failed.status).toBe(500);
    expect((await userRow(user.id)).email_verified_at).toBeNull();
    expect(await linkUsed(user.id, 'email_verification')).toBe(false);

    expect((await api.post(path, {})).body).toEqual({ verified: true });
    expect((await userRow(user.id)).email_verified_at).not.toBeNull();
    expect(await linesOf('account.email_verified', user.id)).toHaveLength(1);
  });

  it('asking for a new confirmation link: no link, no email', async () => {
    const user = await createUser(stack.db);
    await stack.db('users').where({ id: user.id }).update({ email_verified_at: null });
    const token = await api.login(user.email, TEST_PASSWORD);
    const failed = await withAuditRefusing('account.email_verification_sent', () =>
      api.post('/api/account/email-verification', {}, token),
    );
    expect(failed.status).toBe(500);
    expect(await stack.db('account_links').where({ user_id: user.id })).toEqual([]);
    expect(await mailsTo(user.email)).toEqual([]);

    expect((await api.post('/api/account/email-verification', {}, token)).status).toBe(202);
    expect(await linesOf('account.email_verification_sent', user.id)).toHaveLength(1);
    expect(await mailsTo(user.email)).toEqual(['email_verification']);
  });

  it('resetting her password: the old one still works, her sessions live, the link usable', async () => {
    const user = await createUser(stack.db);
    const session = await api.login(user.email, TEST_PASSWORD);
    const before = (await userRow(user.id)).password_hash;
    const path = `/api/auth/password-reset/${await issueLink(stack.db, user.id, 'password_reset')}`;
    const failed = await withAuditRefusing('account.password_reset', () =>
      api.post(path, { password: NEW_PASSWORD }),
    );
    expect(failed.status).toBe(500);
    expect((await userRow(user.id)).password_hash).toBe(before);
    expect((await api.get('/api/auth/me', session)).status).toBe(200);
    expect(await linkUsed(user.id, 'password_reset')).toBe(false);

    expect((await api.post(path, { password: NEW_PASSWORD })).body).toEqual({ reset: true });
    expect(await linesOf('account.password_reset', user.id)).toHaveLength(1);
    expect((await api.get('/api/auth/me', session)).status).toBe(401);
    expect(await api.login(user.email, NEW_PASSWORD)).toEqual(expect.any(String));
  });

  it('accepting an invitation: not activated, no session, the link usable', async () => {
    const agent = await createUser(stack.db, { role: 'moderator' });
    await stack.db('users').where({ id: agent.id }).update({ password_hash: null, totp_enrolled_at: null });
    const path = `/api/auth/invitations/${await issueLink(stack.db, agent.id, 'invitation')}`;
    const accept = () => api.post(path, { password: NEW_PASSWORD, code: totpCode(TEST_TOTP_SECRET) });
    for (const refused of ['account.invitation_accepted', 'session.opened']) {
      expect((await withAuditRefusing(refused, accept)).status).toBe(500);
      expect(await userRow(agent.id)).toMatchObject({ password_hash: null, totp_enrolled_at: null });
      expect(await sessionsOf(agent.id)).toEqual([]);
      expect(await linkUsed(agent.id, 'invitation')).toBe(false);
    }

    const accepted = await accept();
    expect(accepted.status).toBe(200);
    expect((await api.get('/api/auth/me', accepted.body.token)).status).toBe(200);
    expect(await linesOf('account.invitation_accepted', agent.id)).toHaveLength(1);
    expect(await linesOf('session.opened', agent.id)).toHaveLength(1);
  });

  it('signing in: no session without its line', async () => {
    const user = await createUser(stack.db);
    const login = () => api.post('/api/auth/login', { email: user.email, password: TEST_PASSWORD });
    expect((await withAuditRefusing('session.opened', login)).status).toBe(500);
    expect(await sessionsOf(user.id)).toEqual([]);

    expect((await login()).status).toBe(200);
    expect(await sessionsOf(user.id)).toHaveLength(1);
    expect(await linesOf('session.opened', user.id)).toHaveLength(1);
  });

  it('ending all her sessions: they stay open without the line', async () => {
    const user = await createUser(stack.db);
    const token = await api.login(user.email, TEST_PASSWORD);
    const failed = await withAuditRefusing('account.sessions_ended', () =>
      api.post('/api/account/sessions/end-all', {}, token),
    );
    expect(failed.status).toBe(500);
    expect((await api.get('/api/auth/me', token)).status).toBe(200);

    expect((await api.post('/api/account/sessions/end-all', {}, token)).status).toBe(204);
    expect((await api.get('/api/auth/me', token)).status).toBe(401);
    expect(await linesOf('account.sessions_ended', user.id)).toHaveLength(1);
  });
});
