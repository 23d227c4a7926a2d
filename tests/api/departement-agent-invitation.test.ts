/**
 * Supervisors invite département agents: one département instead of an office, a regional supervisor
 * only for the départements routed to her offices (a national one: any), the same invitation email
 * and the same second factor as CAF staff, audited; the agent then sees her département only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.ts';
import { linkToken, TOTP_PERIOD_MS, totpCode, waitForMail } from '../support/accounts.ts';
import { createUser, TEST_PASSWORD, uniqueEmail } from '../support/fixtures.ts';
import { publishedChildminder } from '../support/search.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let regional: string;
let national: string;
const INVITATION = /Votre compte d’agent/;
const PASSWORD = 'mon mot de passe de la PMI';

beforeAll(async () => {
  stack = await setUpFile('departement-agent-invitation', { api: true });
  api = apiClient(stack.apiUrl);
  const lyon = await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69'] });
  regional = await api.login(lyon.email, TEST_PASSWORD);
  national = await api.login((await createUser(stack.db, { role: 'supervisor' })).email, TEST_PASSWORD);
});
afterAll(() => stack?.teardown());

const invite = (token: string, body: Record<string, unknown>) =>
  api.post(
    '/api/staff/accounts',
    { displayName: 'Inès Agent', email: uniqueEmail('pmi'), role: 'departement_agent', ...body },
    token,
  );

describe('inviting a département agent', () => {
  it('gives her one département, the invitation email and the second factor; she sees her département only', async () => {
    const email = uniqueEmail('pmi-ain');
    // L'Ain is routed to the CAF du Rhône (caf-69), which this supervisor oversees.
    const invited = await invite(regional, { email, departementCode: '01' });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    const row = await stack.db('users').where({ id: invited.body.id }).first();
    expect(row).toMatchObject({ role: 'departement_agent', departement_code: '01', office_id: null });
    const line = await stack
      .db('audit_log')
      .where({ action: 'staff.invited', target_id: invited.body.id })
      .first('detail');
    expect(line.detail).toMatchObject({ role: 'departement_agent', departementCode: '01' });

    const listed = await api.get(`/api/staff/accounts/${invited.body.id}`, regional);
    expect(listed.body).toMatchObject({
      role: 'departement_agent',
      departement: { code: '01', name: 'Ain' },
      status: 'invited',
    });

    const mail = await waitForMail(stack.mailboxUrl, email, INVITATION);
    expect(mail.text).toMatch(/vous a créé un compte \(agent du département \(pmi\)\)/i);
    const link = linkToken(mail, 'invitation');
    const invitation = await api.get(`/api/auth/invitations/${link}`);
    expect(invitation.body).toMatchObject({ role: 'departement_agent', departement: { code: '01' } });
    const secret: string = invitation.body.totp.secret;
    const accepted = await api.post(`/api/auth/invitations/${link}`, {
      password: PASSWORD,
      code: totpCode(secret),
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);

    // Signing in again takes her password, then a code of her app, as for CAF staff.
    const step = await api.post('/api/auth/login', { email, password: PASSWORD });
    expect(step.body).toMatchObject({ secondFactor: 'totp' });
    const done = await api.post('/api/auth/login/second-factor', {
      challenge: step.body.challenge,
      code: totpCode(secret, Date.now() + TOTP_PERIOD_MS),
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const token: string = done.body.token;

    const ain = await publishedChildminder(stack.db);
    await stack
      .db('registrations')
      .where({ id: ain.id })
      .update({
        agrement: stack.db.raw(`agrement || '{"departement":"01"}'::jsonb`),
      });
    const lyon = await publishedChildminder(stack.db);
    const list = await api.get('/api/departement/childminders', token);
    expect(list.status).toBe(200);
    expect(list.body.departement).toMatchObject({ code: '01' });
    const ids = list.body.items.map((i: { registrationId: string }) => i.registrationId);
    expect(ids).toContain(ain.id);
    expect(ids).not.toContain(lyon.id);
  });

  it('refuses a regional supervisor a département outside her offices, and a missing or unknown one', async () => {
    const paris = await invite(regional, { departementCode: '75' });
    expect([paris.status, paris.body.code]).toEqual([403, 'departement_not_overseen']);
    expect(paris.body.errors[0].path).toBe('departementCode');
    // A national supervisor may.
    expect((await invite(national, { departementCode: '75' })).status).toBe(201);

    const missing = await invite(national, {});
    expect([missing.status, missing.body.errors?.[0]?.path]).toEqual([422, 'departementCode']);
    const unknown = await invite(national, { departementCode: '00' });
    expect([unknown.status, unknown.body.errors?.[0]?.message]).toEqual([
      422,
      'Ce département n’existe pas.',
    ]);
    const malformed = await invite(national, { departementCode: 'Rhône' });
    expect([malformed.status, malformed.body.errors?.[0]?.path]).toEqual([422, 'departementCode']);
    // Refused, nothing written: the accounts are the first test's and the national supervisor's.
    const written = await stack.db('users').where({ display_name: 'Inès Agent' }).count('* as n');
    expect(written).toEqual([{ n: '2' }]);
  });
});
