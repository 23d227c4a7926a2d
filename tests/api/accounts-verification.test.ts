/** Her email address is confirmed by a link sent at sign-up; submitting her registration needs it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.ts';
import { linkToken, mailsMatching, waitForMail } from '../support/accounts.ts';
import { insertRegistration, registrationFor, uniqueEmail } from '../support/fixtures.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
const VERIFY = /Confirmez votre adresse/;

beforeAll(async () => {
  stack = await setUpFile('api-accounts-verification', { api: true });
  api = apiClient(stack.apiUrl);
});
afterAll(() => stack?.teardown());

async function signUp() {
  const email = uniqueEmail('verif');
  const token = await api.signUp(email, 'une phrase de passe longue');
  const { id: userId } = (await api.get('/api/auth/me', token)).body;
  return { email, token, userId: userId as string };
}

describe('email verification', () => {
  it('sends a link at sign-up that confirms the address once, and only its hash is stored', async () => {
    const { email, token, userId } = await signUp();
    expect((await api.get('/api/auth/me', token)).body.emailVerified).toBe(false);

    const mail = await waitForMail(stack.mailboxUrl, email, VERIFY);
    expect(mail.text).toContain('http://localhost:3000/verification/');
    const link = linkToken(mail, 'verification');
    expect(await stack.db('account_links').where({ token_hash: link })).toHaveLength(0);

    const confirmed = await api.post(`/api/auth/email-verification/${link}`, {});
    expect(confirmed.status).toBe(200);
    expect((await api.get('/api/auth/me', token)).body.emailVerified).toBe(true);
    expect(
      await stack.db('audit_log').where({ action: 'account.email_verified', target_id: userId }),
    ).toHaveLength(1);

    const again = await api.post(`/api/auth/email-verification/${link}`, {});
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('link_used');
    const forgedLink = link.slice(0, -2) + (link.endsWith('xx') ? 'yy' : 'xx');
    const forged = await api.post(`/api/auth/email-verification/${forgedLink}`, {});
    expect(forged.status).toBe(404);
    expect(forged.body.code).toBe('link_invalid');
  });

  it('refuses an expired link', async () => {
    const { email, token, userId } = await signUp();
    const link = linkToken(await waitForMail(stack.mailboxUrl, email, VERIFY), 'verification');
    await stack
      .db('account_links')
      .where({ user_id: userId })
      .update({ expires_at: stack.db.raw("now() - interval '1 second'") });
    const response = await api.post(`/api/auth/email-verification/${link}`, {});
    expect(response.status).toBe(410);
    expect(response.body.code).toBe('link_expired');
    expect(response.body.detail).toBe('Ce lien a expiré. Demandez-en un nouveau.');
    expect((await api.get('/api/auth/me', token)).body.emailVerified).toBe(false);
  });

  it('resends a new link that replaces the previous one, not twice within a minute', async () => {
    const { email, token, userId } = await signUp();
    const first = linkToken(await waitForMail(stack.mailboxUrl, email, VERIFY), 'verification');

    const tooSoon = await api.post('/api/account/email-verification', {}, token);
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.body.code).toBe('link_recently_sent');

    // A minute later (moved back in the database rather than waited for).
    await stack
      .db('account_links')
      .where({ user_id: userId })
      .update({ created_at: stack.db.raw("created_at - interval '2 minutes'") });
    const resent = await api.post('/api/account/email-verification', {}, token);
    expect(resent.status).toBe(202);
    await expect.poll(async () => (await mailsMatching(stack.mailboxUrl, email, VERIFY)).length).toBe(2);
    const second = linkToken((await mailsMatching(stack.mailboxUrl, email, VERIFY))[0]!, 'verification');
    expect(second).not.toBe(first);

    expect((await api.post(`/api/auth/email-verification/${first}`, {})).body.code).toBe('link_invalid');
    expect((await api.post(`/api/auth/email-verification/${second}`, {})).status).toBe(200);
    const verified = await api.post('/api/account/email-verification', {}, token);
    expect(verified.status).toBe(409);
    expect(verified.body.code).toBe('email_already_verified');
  });

  it('refuses to submit a registration until her address is confirmed', async () => {
    const { email, token, userId } = await signUp();
    const registrationId = await insertRegistration(stack.db, userId, registrationFor());
    const view = await api.get(`/api/registrations/${registrationId}`, token);
    expect(view.body.emailVerified).toBe(false);

    const refused = await api.post(`/api/registrations/${registrationId}/submit`, {}, token);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('email_not_verified');
    expect(refused.body.detail).toMatch(/Confirmez d’abord votre adresse électronique/);
    expect(await stack.db('cases').where({ registration_id: registrationId })).toHaveLength(0);

    const link = linkToken(await waitForMail(stack.mailboxUrl, email, VERIFY), 'verification');
    expect((await api.post(`/api/auth/email-verification/${link}`, {})).status).toBe(200);
    const submitted = await api.post(`/api/registrations/${registrationId}/submit`, {}, token);
    expect(submitted.status).toBe(200);
  });
});
