/**
 * Staff accounts: a supervisor invites by email within her offices; the invitee chooses her password
 * and enrols an authenticator app (TOTP); every staff sign-in then takes a code, used once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts } from '../../stack/demo-accounts.ts';
import { apiClient } from '../support/api-client.ts';
import {
  linkToken,
  mailsMatching,
  TEST_TOTP_SECRET,
  TOTP_PERIOD_MS,
  totpCode,
  waitForMail,
} from '../support/accounts.ts';
import { createUser, TEST_PASSWORD, uniqueEmail } from '../support/fixtures.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let national: string;
const INVITATION = /Votre compte d’agent/;
const PASSWORD = 'mon mot de passe d’agent';

beforeAll(async () => {
  stack = await setUpFile('api-accounts-staff', { api: true });
  api = apiClient(stack.apiUrl);
  national = await api.login((await createUser(stack.db, { role: 'supervisor' })).email, TEST_PASSWORD);
});
afterAll(() => stack?.teardown());

async function invite(token: string, body: Record<string, unknown>) {
  return api.post(
    '/api/staff/accounts',
    { displayName: 'Nadia Martin', email: uniqueEmail('agent'), ...body },
    token,
  );
}

/** Accepts the invitation mailed to `email`; returns the secret she enrolled and her session token. */
async function accept(email: string) {
  const link = linkToken(await waitForMail(stack.mailboxUrl, email, INVITATION), 'invitation');
  const invitation = await api.get(`/api/auth/invitations/${link}`);
  const secret: string = invitation.body.totp.secret;
  const accepted = await api.post(`/api/auth/invitations/${link}`, {
    password: PASSWORD,
    code: totpCode(secret),
  });
  expect(accepted.status).toBe(200);
  return { secret, token: accepted.body.token as string, link };
}

describe('invitations', () => {
  it('lets the invitee set her password and enrol her authenticator app, once', async () => {
    const email = uniqueEmail('moderatrice');
    const invited = await invite(national, { email, role: 'moderator', officeIds: ['caf-69'] });
    expect(invited.status).toBe(201);
    expect((await api.post('/api/auth/login', { email, password: PASSWORD })).body.code).toBe(
      'bad_credentials',
    );

    const mail = await waitForMail(stack.mailboxUrl, email, INVITATION);
    expect(mail.text).toMatch(/supervisor de test vous a créé un compte \(modératrice ou modérateur\)/i);
    const link = linkToken(mail, 'invitation');
    const invitation = await api.get(`/api/auth/invitations/${link}`);
    expect(invitation.body).toMatchObject({ email, role: 'moderator', offices: [{ id: 'caf-69' }] });
    const { secret, uri, qrSvg } = invitation.body.totp;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toMatch(new RegExp(`^otpauth://totp/.*secret=${secret}`));
    expect(qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    const wrong = await api.post(`/api/auth/invitations/${link}`, {
      password: PASSWORD,
      code: '000000' === totpCode(secret) ? '111111' : '000000',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toContainEqual({
      path: 'code',
      message: expect.stringMatching(/Code incorrect/),
    });

    const code = totpCode(secret);
    const accepted = await api.post(`/api/auth/invitations/${link}`, { password: PASSWORD, code });
    expect(accepted.status).toBe(200);
    const me = await api.get('/api/auth/me', accepted.body.token);
    expect(me.body).toMatchObject({ email, role: 'moderator', officeId: 'caf-69', emailVerified: true });
    expect((await api.post(`/api/auth/invitations/${link}`, { password: PASSWORD, code })).body.code).toBe(
      'link_used',
    );
    const actions = await stack.db('audit_log').where({ target_id: invited.body.id }).pluck('action');
    expect(actions).toEqual(expect.arrayContaining(['staff.invited', 'account.invitation_accepted']));

    // The code used to enrol cannot open another session.
    const step = await api.post('/api/auth/login', { email, password: PASSWORD });
    const replay = await api.post('/api/auth/login/second-factor', { challenge: step.body.challenge, code });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('code_already_used');
  });

  it('resends an invitation with a new link and a new secret', async () => {
    const email = uniqueEmail('superviseuse');
    const invited = await invite(national, { email, role: 'supervisor', officeIds: ['caf-69', 'caf-75'] });
    const first = linkToken(await waitForMail(stack.mailboxUrl, email, INVITATION), 'invitation');
    const firstSecret = (await api.get(`/api/auth/invitations/${first}`)).body.totp.secret;
    expect((await api.post(`/api/staff/accounts/${invited.body.id}/invitation`, {}, national)).status).toBe(
      202,
    );
    await expect
      .poll(async () => (await api.get(`/api/auth/invitations/${first}`)).body.code)
      .toBe('link_invalid');
    // The new email goes through the outbox: wait for it before following its link.
    await expect
      .poll(async () => (await mailsMatching(stack.mailboxUrl, email, INVITATION)).length, {
        timeout: 10_000,
      })
      .toBe(2);
    const { secret, token } = await accept(email);
    expect(secret).not.toBe(firstSecret);
    expect((await api.get('/api/auth/me', token)).body.offices.map((o: { id: string }) => o.id)).toEqual([
      'caf-69',
      'caf-75',
    ]);
    const again = await api.post(`/api/staff/accounts/${invited.body.id}/invitation`, {}, national);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invitation_not_pending');
  });
});

describe('the data-protection officer', () => {
  it('is invited by a national supervisor only, without offices, and reads the journal alone', async () => {
    const rhone = await api.login(
      (await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69'] })).email,
      TEST_PASSWORD,
    );
    expect((await invite(rhone, { role: 'data_protection' })).body.code).toBe('office_not_overseen');
    const withOffice = await invite(national, { role: 'data_protection', officeIds: ['caf-69'] });
    expect(withOffice.status).toBe(422);
    expect(withOffice.body.errors).toEqual([expect.objectContaining({ path: 'officeIds' })]);

    const email = uniqueEmail('dpo');
    const invited = await invite(national, { email, role: 'data_protection' });
    expect(invited.status).toBe(201);
    const mail = await waitForMail(stack.mailboxUrl, email, INVITATION);
    expect(mail.text).toMatch(/déléguée ou délégué à la protection des données/);
    const { token } = await accept(email);
    expect((await api.get('/api/auth/me', token)).body).toMatchObject({
      role: 'data_protection',
      offices: [],
    });
    expect((await api.get('/api/supervision/audit', token)).body.national).toBe(true);
    expect((await api.get('/api/staff/cases', token)).status).toBe(403);
    expect((await api.get('/api/staff/accounts', token)).status).toBe(403);
    const listed = (await api.get('/api/staff/accounts', national)).body.items.find(
      (item: { id: string }) => item.id === invited.body.id,
    );
    expect(listed).toMatchObject({ role: 'data_protection', offices: [], status: 'active' });
    // A regional supervisor neither sees nor manages her.
    expect((await api.get(`/api/staff/accounts/${invited.body.id}`, rhone)).status).toBe(404);
  });
});

describe('staff sign-in in two steps', () => {
  it('asks for the code after the password and refuses a code already used', async () => {
    const moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-75' });
    const step = await api.post('/api/auth/login', { email: moderator.email, password: TEST_PASSWORD });
    expect(step.status).toBe(200);
    expect(step.body).toMatchObject({ secondFactor: 'totp' });
    expect(step.body.token).toBeUndefined();

    const bad = await api.post('/api/auth/login/second-factor', {
      challenge: step.body.challenge,
      code: '12345',
    });
    expect(bad.status).toBe(422);
    // The next period's code: accepted early for clock drift, and certainly not used before in this file.
    const code = totpCode(TEST_TOTP_SECRET, Date.now() + TOTP_PERIOD_MS);
    const done = await api.post('/api/auth/login/second-factor', { challenge: step.body.challenge, code });
    expect(done.status).toBe(200);
    expect((await api.get('/api/auth/me', done.body.token)).body.role).toBe('moderator');
    const spent = await api.post('/api/auth/login/second-factor', { challenge: step.body.challenge, code });
    expect(spent.body.code).toBe('challenge_expired');

    const again = await api.post('/api/auth/login', { email: moderator.email, password: TEST_PASSWORD });
    const replay = await api.post('/api/auth/login/second-factor', { challenge: again.body.challenge, code });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('code_already_used');
  });
});

describe('a supervisor manages staff within her offices', () => {
  it('cannot invite into an office she does not oversee, nor a national supervisor', async () => {
    const rhone = await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69'] });
    const token = await api.login(rhone.email, TEST_PASSWORD);
    expect((await api.get('/api/auth/me', token)).body.offices).toEqual([
      { id: 'caf-69', name: expect.any(String) },
    ]);

    const elsewhere = await invite(token, { role: 'moderator', officeIds: ['caf-75'] });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.code).toBe('office_not_overseen');
    expect(elsewhere.body.errors[0].path).toBe('officeIds');
    const wider = await invite(token, { role: 'supervisor', officeIds: ['caf-69', 'caf-75'] });
    expect(wider.body.code).toBe('office_not_overseen');
    expect((await invite(token, { role: 'supervisor', national: true })).body.code).toBe(
      'office_not_overseen',
    );
    const two = await invite(token, { role: 'moderator', officeIds: ['caf-69', 'caf-75'] });
    expect(two.status).toBe(422);
    expect((await invite(token, { role: 'moderator', officeIds: ['caf-69'] })).status).toBe(201);
  });

  it('lists and manages only the staff of her offices; others answer 404', async () => {
    const rhone = await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69'] });
    const token = await api.login(rhone.email, TEST_PASSWORD);
    const lyon = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
    const paris = await createUser(stack.db, { role: 'moderator', officeId: 'caf-75' });

    const list = await api.get('/api/staff/accounts', token);
    const ids = list.body.items.map((item: { id: string }) => item.id);
    expect(ids).toContain(lyon.id);
    expect(ids).toContain(rhone.id);
    expect(ids).not.toContain(paris.id);
    expect(list.body.offices.map((o: { id: string }) => o.id)).toEqual(['caf-69']);

    expect((await api.post(`/api/staff/accounts/${paris.id}/deactivate`, {}, token)).status).toBe(404);
    const self = await api.post(`/api/staff/accounts/${rhone.id}/deactivate`, {}, token);
    expect(self.body.code).toBe('cannot_deactivate_self');
    const moderatorToken = await api.login(lyon.email, TEST_PASSWORD);
    expect((await api.get('/api/staff/accounts', moderatorToken)).status).toBe(403);
  });

  it('deactivates an account: its sessions end and it cannot sign in again', async () => {
    const moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
    const session = await api.login(moderator.email, TEST_PASSWORD);
    const done = await api.post(`/api/staff/accounts/${moderator.id}/deactivate`, {}, national);
    expect(done.status).toBe(200);
    expect((await api.get('/api/auth/me', session)).status).toBe(401);
    const again = await api.post('/api/auth/login', { email: moderator.email, password: TEST_PASSWORD });
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('account_deactivated');
    expect(
      await stack.db('audit_log').where({ action: 'staff.deactivated', target_id: moderator.id }),
    ).toHaveLength(1);
    const listed = (await api.get('/api/staff/accounts', national)).body.items.find(
      (item: { id: string }) => item.id === moderator.id,
    );
    expect(listed.status).toBe('deactivated');
  });
});

describe('demo accounts', () => {
  it('sign in with the documented password and TOTP secret, and keep their offices across restarts', async () => {
    await seedDemoAccounts(stack.db, stack.deps.keys, {});
    await seedDemoAccounts(stack.db, stack.deps.keys, {}); // a second `npm start` refreshes them
    const rhone = DEMO_ACCOUNTS.find((account) => account.supervisedOfficeIds?.length)!;
    const token = await api.login(rhone.email, DEMO_PASSWORD, rhone.totpSecret);
    const me = (await api.get('/api/auth/me', token)).body;
    expect(me).toMatchObject({ role: 'supervisor', national: false });
    expect(me.offices.map((o: { id: string }) => o.id)).toEqual(rhone.supervisedOfficeIds);

    const moderator = DEMO_ACCOUNTS.find((account) => account.role === 'moderator')!;
    const step = await api.post('/api/auth/login', { email: moderator.email, password: DEMO_PASSWORD });
    expect(step.body.secondFactor).toBe('totp');
    const wrongSecret = await api.post('/api/auth/login/second-factor', {
      challenge: step.body.challenge,
      code: totpCode(TEST_TOTP_SECRET),
    });
    expect(wrongSecret.status).toBe(401);
    expect(await api.login(moderator.email, DEMO_PASSWORD, moderator.totpSecret)).toBeTruthy();

    const relayAgent = DEMO_ACCOUNTS.find((account) => account.role === 'relay')!;
    const agentToken = await api.login(relayAgent.email, DEMO_PASSWORD, relayAgent.totpSecret);
    expect((await api.get('/api/auth/me', agentToken)).body).toMatchObject({
      role: 'relay',
      relay: { name: 'Relais petite enfance Lyon Est' },
    });

    const dpo = DEMO_ACCOUNTS.find((account) => account.role === 'data_protection')!;
    const dpoToken = await api.login(dpo.email, DEMO_PASSWORD, dpo.totpSecret);
    expect((await api.get('/api/supervision/audit', dpoToken)).status).toBe(200);
  });
});
