/**
 * « Suivre mes demandes »: a parent who wrote to several childminders follows them all from one
 * emailed link, without an account; the answer to « send me the link » is the same for an address
 * that never wrote; the link shows only the requests of its address, and nothing once expired.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkToken, mailsMatching, postFrom, waitForMail } from '../support/accounts.ts';
import { apiClient } from '../support/api-client.ts';
import { uniqueEmail } from '../support/fixtures.ts';
import { publishedChildminder } from '../support/search.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await setUpFile('api-parent-links', { api: true });
  api = apiClient(stack.apiUrl);
});
afterAll(() => stack?.teardown());

let addresses = 0;
const fromAddress = () => `198.51.100.${++addresses}`;

async function send(childminderId: string, parentEmail: string) {
  const response = await postFrom(
    stack.apiUrl,
    fromAddress(),
    `/api/public/childminders/${childminderId}/contact-requests`,
    {
      parentName: 'Léa Martin',
      parentEmail,
      ageGroup: 'under3',
      startDate: '2027-01-04',
      days: ['mon', 'tue'],
      message: 'Bonjour, nous cherchons un accueil pour notre fille.',
    },
  );
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
}

async function askLink(email: string) {
  const response = await postFrom(stack.apiUrl, fromAddress(), '/api/public/parent-links', { email });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  expect(response.body).toEqual({ sent: true });
}

describe('following every request from one link', () => {
  it('lists the requests of her address only, with their state, and none of another parent', async () => {
    const [first, second] = [await publishedChildminder(stack.db), await publishedChildminder(stack.db)];
    const email = uniqueEmail('parent-suivi');
    const ids = [await send(first.id, email), await send(second.id, email)];
    const otherParent = await send(first.id, uniqueEmail('autre-parent'));

    await askLink(email);
    const mail = await waitForMail(stack.mailboxUrl, email, /Vos demandes de contact/);
    const token = linkToken(mail, 'suivi-demandes');
    const page = await api.get(`/api/public/parent-links/${token}`);
    expect(page.status).toBe(200);
    expect(page.body.requests.map((r: { id: string }) => r.id).sort()).toEqual([...ids].sort());
    expect(JSON.stringify(page.body)).not.toContain(otherParent);
    expect(page.body.requests[0].statusLabel).toMatch(/\S/);
    // The childminder's name from her published card, never her hidden details.
    expect(page.body.requests.map((r: { childminderName: string }) => r.childminderName)).toEqual(
      expect.arrayContaining([expect.stringMatching(/\S/)]),
    );
  });

  it('answers the same for an address that never wrote, and sends it nothing', async () => {
    const stranger = uniqueEmail('jamais-ecrit');
    await askLink(stranger);
    // The known address's link is queued in the same request: once it is out, the other would be too.
    const known = uniqueEmail('parent-connu');
    await send((await publishedChildminder(stack.db)).id, known);
    await askLink(known);
    await waitForMail(stack.mailboxUrl, known, /Vos demandes de contact/);
    expect(await mailsMatching(stack.mailboxUrl, stranger, /Vos demandes de contact/)).toEqual([]);
  });

  it('refuses an unknown or expired link with a code, in French', async () => {
    const unknown = await api.get('/api/public/parent-links/inconnu');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('link_invalid');
    const email = uniqueEmail('parent-expire');
    await send((await publishedChildminder(stack.db)).id, email);
    await askLink(email);
    const token = linkToken(
      await waitForMail(stack.mailboxUrl, email, /Vos demandes de contact/),
      'suivi-demandes',
    );
    await stack.db('parent_links').update({ expires_at: new Date(Date.now() - 1000) });
    const expired = await api.get(`/api/public/parent-links/${token}`);
    expect(expired.status).toBe(404);
    expect(expired.body.detail).toMatch(/n’est plus valable/);
  });
});
