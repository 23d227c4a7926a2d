/**
 * Contact requests through the API and their workflow, on the real stack with short policy
 * durations: nothing reaches her before the parent confirms her email; she answers (sharing a
 * channel she hides publicly) or declines (and may declare herself complete in the same action);
 * a reminder, then expiry (the parent is told), and a late answer is refused kindly; the limits;
 * who sees a parent's email; erasure after retention. Every history is replayed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONTACT_POLICY } from '../../domain/contact-requests.ts';
import { contactRequestWorkflowId } from '../../workflows/contact-request.ts';
import { waitFor } from '../../stack/wait.ts';
import { linkToken, mailsMatching, postFrom, waitForMail } from '../support/accounts.ts';
import { apiClient } from '../support/api-client.ts';
import { createUser, TEST_PASSWORD, uniqueEmail } from '../support/fixtures.ts';
import { publishedChildminder } from '../support/search.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;

const FAST = {
  verificationWindowMs: 60_000,
  reminderAfterMs: 60_000,
  expireAfterMs: 120_000,
  retentionMs: 600_000,
};

beforeAll(async () => {
  stack = await setUpFile('api-contact-requests', { api: true });
  stack.deps.contactPolicy = FAST;
  api = apiClient(stack.apiUrl);
});
afterAll(async () => {
  const { failures } = await stack.replayKeptHistories();
  expect(failures).toEqual([]);
  await stack?.teardown();
});

const request = (parentEmail: string, extra: Record<string, unknown> = {}) => ({
  parentName: 'Léa Martin',
  parentEmail,
  parentPhone: '07 11 22 33 44',
  ageGroup: 'under3',
  startDate: '2027-01-04',
  days: ['mon', 'tue'],
  hoursFrom: '08:30',
  hoursTo: '17:30',
  message: 'Bonjour, nous cherchons un accueil pour notre fille de 10 mois.',
  ...extra,
});

let addresses = 0;
/** Each request from its own network address, unless the test says which. */
const post = (childminderId: string, body: unknown, address = `192.0.2.${++addresses % 250}`) =>
  postFrom(stack.apiUrl, address, `/api/public/childminders/${childminderId}/contact-requests`, body);

async function send(childminderId: string, parentEmail = uniqueEmail('parent'), extra = {}) {
  const response = await post(childminderId, request(parentEmail, extra));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  const mail = await waitForMail(stack.mailboxUrl, parentEmail, /Confirmez votre demande/);
  return { id: response.body.id as string, parentEmail, token: linkToken(mail, 'demandes') };
}

const statusOf = async (id: string) =>
  (await stack.db('contact_requests').where({ id }).first('status')).status;
const waitStatus = (id: string, status: string, timeout = 20_000) =>
  waitFor(`la demande ${status}`, timeout, async () => {
    const now = await statusOf(id);
    if (now !== status) throw new Error(`encore ${now}`);
  });

async function signIn(email: string) {
  return api.login(email, TEST_PASSWORD);
}

describe('a request from a parent', () => {
  it('reaches her only once the parent confirms her email; she accepts and shares a channel she hides', async () => {
    const her = await publishedChildminder(stack.db, {
      phone: '06 55 44 33 22',
      publication: { showAddress: false, showPhone: false, showEmail: true },
    });
    const token = await signIn(her.email);
    const sent = await send(her.id);
    // Not delivered yet: nothing in her list, no email to her.
    expect((await api.get('/api/contact-requests', token)).body).toEqual([]);
    expect(await mailsMatching(stack.mailboxUrl, her.email, /Un parent vous contacte/)).toEqual([]);
    expect((await api.get(`/api/contact-requests/${sent.id}`, token)).status).toBe(404);

    const verified = await api.post(`/api/public/contact-requests/${sent.token}/verify`, {});
    expect(verified.body).toMatchObject({ status: 'delivered' });
    await waitForMail(stack.mailboxUrl, her.email, /Un parent vous contacte/);
    // A second click on the link is no error.
    expect((await api.post(`/api/public/contact-requests/${sent.token}/verify`, {})).status).toBe(200);

    const list = (await api.get('/api/contact-requests', token)).body;
    expect(list.map((r: { id: string }) => r.id)).toEqual([sent.id]);
    expect(JSON.stringify(list)).not.toContain(sent.parentEmail); // the list shows no contact details
    const detail = (await api.get(`/api/contact-requests/${sent.id}`, token)).body;
    expect(detail).toMatchObject({ parentEmail: sent.parentEmail, parentName: 'Léa Martin' });
    expect(detail.channels.phone).toEqual({ value: '06 55 44 33 22', public: false });

    const answered = await api.post(
      `/api/contact-requests/${sent.id}/answer`,
      { kind: 'accept', channel: 'phone', message: 'Appelez-moi le soir.' },
      token,
    );
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body.status).toBe('answered');
    // Audited by the activity that applied it, in its transaction: codes, never her words.
    expect(
      await stack
        .db('audit_log')
        .where({ action: 'contact_request.answered', target_id: sent.id })
        .select('actor_role', 'detail'),
    ).toEqual([{ actor_role: 'childminder', detail: { kind: 'accept', reason: null } }]);
    const mail = await waitForMail(stack.mailboxUrl, sent.parentEmail, /Réponse de/);
    expect(mail.text).toContain('06 55 44 33 22');
    const page = await api.get(`/api/public/contact-requests/${linkToken(mail, 'demandes')}`);
    expect(page.body).toMatchObject({
      status: 'answered',
      answerContact: '06 55 44 33 22',
      answerChannel: 'phone',
    });
    // Her hidden phone is still hidden from everyone else.
    expect(JSON.stringify((await api.get(`/api/public/childminders/${her.id}`)).body)).not.toContain(
      '06 55 44 33 22',
    );
    // Answering twice is refused.
    const again = await api.post(
      `/api/contact-requests/${sent.id}/answer`,
      { kind: 'decline', reason: 'other' },
      token,
    );
    expect(again.body.code).toBe('already_answered');
    await stack.keepHistory(stack.temporal.workflow.getHandle(contactRequestWorkflowId(sent.id)));
  });

  it('is never shown to another childminder, nor its parent’s email anywhere public', async () => {
    const her = await publishedChildminder(stack.db);
    const other = await publishedChildminder(stack.db);
    const sent = await send(her.id);
    await api.post(`/api/public/contact-requests/${sent.token}/verify`, {});
    await waitStatus(sent.id, 'delivered');
    const token = await signIn(other.email);
    expect((await api.get(`/api/contact-requests/${sent.id}`, token)).status).toBe(404);
    expect((await api.get('/api/contact-requests', token)).body).toEqual([]);
    const answer = await api.post(
      `/api/contact-requests/${sent.id}/answer`,
      { kind: 'decline', reason: 'other' },
      token,
    );
    expect(answer.status).toBe(404);
    const moderator = await signIn((await createUser(stack.db, { role: 'moderator' })).email);
    expect((await api.get(`/api/contact-requests/${sent.id}`, moderator)).status).toBe(403);
    expect((await api.get(`/api/contact-requests/${sent.id}`)).status).toBe(401);
    const publicPage = await api.get(`/api/public/contact-requests/${sent.token}`);
    expect(JSON.stringify(publicPage.body)).not.toContain(sent.parentEmail);
  });

  it('declines “no place any more” and declares her complete in the same action', async () => {
    const moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
    const { activeChildminder } = await import('../support/childminder.ts');
    const { owner, registrationId } = await activeChildminder(stack, moderator.actor);
    const sent = await send(registrationId);
    await api.post(`/api/public/contact-requests/${sent.token}/verify`, {});
    await waitStatus(sent.id, 'delivered');
    const token = await signIn(owner.email);
    const declined = await api.post(
      `/api/contact-requests/${sent.id}/answer`,
      { kind: 'decline', reason: 'no_place', message: null, declareFull: true },
      token,
    );
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', declaredFull: true });
    const lines = await stack
      .db('audit_log')
      .whereIn('target_id', [sent.id, registrationId])
      .whereIn('action', ['contact_request.answered', 'availability.declared'])
      .orderBy('seq')
      .select('action', 'actor_id', 'detail');
    expect(lines).toMatchObject([
      {
        action: 'contact_request.answered',
        actor_id: owner.id,
        detail: { kind: 'decline', reason: 'no_place' },
      },
      {
        action: 'availability.declared',
        actor_id: owner.id,
        detail: { status: 'full', from: 'contact_request' },
      },
    ]);
    const published = await stack
      .db('public_profiles')
      .where({ registration_id: registrationId })
      .first('profile');
    expect(published.profile.availability.status).toBe('full');
    const mail = await waitForMail(stack.mailboxUrl, sent.parentEmail, /Réponse de/);
    expect(mail.text).toContain('je n’ai plus de place');
  });
});

describe('without an answer', () => {
  it('reminds her, then expires and tells the parent; a late answer is refused kindly', async () => {
    stack.deps.contactPolicy = { ...FAST, reminderAfterMs: 1500, expireAfterMs: 4000 };
    const her = await publishedChildminder(stack.db);
    const sent = await send(her.id);
    stack.deps.contactPolicy = FAST;
    await api.post(`/api/public/contact-requests/${sent.token}/verify`, {});
    await waitForMail(stack.mailboxUrl, her.email, /attend votre réponse/, 20_000);
    await waitStatus(sent.id, 'expired');
    await waitForMail(stack.mailboxUrl, sent.parentEmail, /restée sans réponse/);
    const late = await api.post(
      `/api/contact-requests/${sent.id}/answer`,
      { kind: 'accept', channel: 'email', message: 'Désolée du retard.' },
      await signIn(her.email),
    );
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('request_expired');
    expect(late.body.detail).toMatch(/Merci d’avoir pris le temps de répondre/);
    expect(await stack.db('contact_answers').where({ request_id: sent.id })).toEqual([]);
    await stack.keepHistory(stack.temporal.workflow.getHandle(contactRequestWorkflowId(sent.id)));
  });

  it('is never delivered when the parent does not confirm in time, and its personal data is erased', async () => {
    stack.deps.contactPolicy = { ...FAST, verificationWindowMs: 1500, retentionMs: 1500 };
    const her = await publishedChildminder(stack.db);
    const sent = await send(her.id);
    stack.deps.contactPolicy = FAST;
    await waitStatus(sent.id, 'unverified');
    await waitFor('l’effacement', 20_000, async () => {
      const row = await stack.db('contact_requests').where({ id: sent.id }).first();
      if (!row.purged_at) throw new Error('pas encore');
      expect(row).toMatchObject({ parent_email: null, parent_name: null, message: null, parent_phone: null });
    });
    expect(await mailsMatching(stack.mailboxUrl, her.email, /Un parent vous contacte/)).toEqual([]);
    expect((await api.get(`/api/public/contact-requests/${sent.token}`)).status).toBe(404);
  });
});

describe('abuse limits', () => {
  it('refuses a second open request to the same childminder, and more than the daily number per parent', async () => {
    const parent = uniqueEmail('parent');
    const first = await publishedChildminder(stack.db);
    await send(first.id, parent);
    const again = await post(first.id, request(parent));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('request_pending');
    for (let i = 1; i < 5; i++) await send((await publishedChildminder(stack.db)).id, parent.toUpperCase());
    const sixth = await post((await publishedChildminder(stack.db)).id, request(parent));
    expect(sixth.status).toBe(429);
    expect(sixth.body).toMatchObject({ code: 'too_many_requests' });
    expect(sixth.body.detail).toMatch(/demain/);
  });

  it('caps what one childminder receives in a day, with a French message', async () => {
    const her = await publishedChildminder(stack.db);
    // Earlier requests of the day, from other parents and addresses.
    const office = 'caf-69';
    await stack.db('contact_requests').insert(
      Array.from({ length: 10 }, (_, i) => ({
        registration_id: her.id,
        office_id: office,
        status: 'delivered',
        parent_key: `k${i}`,
        address_key: `a${i}`,
        age_group: 'under3',
        start_date: '2027-01-04',
        days: ['mon'],
      })),
    );
    const capped = await api.post(
      `/api/public/childminders/${her.id}/contact-requests`,
      request(uniqueEmail('parent')),
    );
    expect(capped.status).toBe(429);
    expect(capped.body.code).toBe('childminder_daily_cap');
    expect(capped.body.detail).toMatch(/beaucoup de demandes aujourd’hui/);
  });

  it('limits what one network address sends in an hour', async () => {
    const her = await publishedChildminder(stack.db);
    for (let i = 0; i < 10; i++) {
      const ok = await post(
        (await publishedChildminder(stack.db)).id,
        request(uniqueEmail('parent')),
        '198.51.100.7',
      );
      expect(ok.status).toBe(201);
    }
    const eleventh = await post(her.id, request(uniqueEmail('parent')), '198.51.100.7');
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.code).toBe('too_many_requests_address');
    expect(eleventh.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await post(her.id, request(uniqueEmail('parent')), '198.51.100.8')).status).toBe(201);
  });

  it('refuses bad input field by field, and an unpublished childminder as not found', async () => {
    const her = await publishedChildminder(stack.db);
    const bad = await post(her.id, { ...request('pas-un-courriel'), days: [], message: 'court' });
    expect(bad.status).toBe(422);
    expect((bad.body.errors as Array<{ path: string }>).map((e) => e.path).sort()).toEqual([
      'days',
      'message',
      'parentEmail',
    ]);
    await stack.db('cases').where({ registration_id: her.id }).update({ status: 'rejected' });
    expect((await post(her.id, request(uniqueEmail()))).status).toBe(404);
  });
});

it('keeps the default policy in days, not seconds', () => {
  expect(DEFAULT_CONTACT_POLICY.expireAfterMs).toBeGreaterThan(DEFAULT_CONTACT_POLICY.reminderAfterMs);
});
