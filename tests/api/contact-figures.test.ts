/**
 * The supervisors' figures on contact requests, against known rows: delivered over the last weeks,
 * answered within 3 days, declined by reason, per office and for all of a supervisor's offices;
 * only her offices; counts only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.ts';
import { createUser, TEST_PASSWORD } from '../support/fixtures.ts';
import { publishedChildminder } from '../support/search.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
const DAY = 86_400_000;

beforeAll(async () => {
  stack = await setUpFile('api-contact-figures', { api: true });
  api = apiClient(stack.apiUrl);
  const her = await publishedChildminder(stack.db);
  const ago = (days: number) => new Date(Date.now() - days * DAY);
  const row = (office: string, deliveredDaysAgo: number | null, extra: Record<string, unknown> = {}) => ({
    registration_id: her.id,
    office_id: office,
    status: 'delivered',
    parent_key: 'k',
    address_key: 'a',
    age_group: 'under3',
    start_date: '2027-01-04',
    days: ['mon'],
    delivered_at: deliveredDaysAgo === null ? null : ago(deliveredDaysAgo),
    parent_email: 'secret.parent@exemple.test',
    ...extra,
  });
  await stack.db('contact_requests').insert([
    // caf-69: answered in 1 day, answered in 5 days, declined (no place) in 2 days, expired, still open,
    // one never delivered, one delivered long ago (outside the 12 weeks).
    row('caf-69', 10, { status: 'answered', answered_at: ago(9) }),
    row('caf-69', 10, { status: 'answered', answered_at: ago(5) }),
    row('caf-69', 6, { status: 'declined', decline_reason: 'no_place', answered_at: ago(4) }),
    row('caf-69', 20, { status: 'expired' }),
    row('caf-69', 1),
    row('caf-69', null, { status: 'unverified' }),
    row('caf-69', 200, { status: 'answered', answered_at: ago(199) }),
    // caf-75: one declined for distance the same day.
    row('caf-75', 3, { status: 'declined', decline_reason: 'distance', answered_at: ago(3) }),
  ]);
});
afterAll(() => stack?.teardown());

describe('figures on contact requests', () => {
  it('counts sent, answered within 3 days and declined by reason, per office and together', async () => {
    const token = await api.login(
      (await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69', 'caf-75'] })).email,
      TEST_PASSWORD,
    );
    const { status, body } = await api.get('/api/supervision/contact-requests/figures', token);
    expect(status).toBe(200);
    const caf69 = body.offices.find((o: { officeId: string }) => o.officeId === 'caf-69');
    expect(caf69).toMatchObject({ sent: 5, answered: 3, answeredWithinTarget: 2, declined: 1, expired: 1 });
    expect(caf69.declinedByReason).toEqual({ no_place: 1, schedule: 0, distance: 0, other: 0 });
    expect(body.total).toMatchObject({ sent: 6, answered: 4, answeredWithinTarget: 3, declined: 2 });
    expect(body.total.declinedByReason).toMatchObject({ no_place: 1, distance: 1 });
    expect(JSON.stringify(body)).not.toContain('secret.parent');
    const one = await api.get('/api/supervision/contact-requests/figures?office=caf-75', token);
    expect(one.body.offices.map((o: { officeId: string }) => o.officeId)).toEqual(['caf-75']);
  });

  it('shows only her offices, and nothing to others', async () => {
    const lyon = await api.login(
      (await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69'] })).email,
      TEST_PASSWORD,
    );
    expect((await api.get('/api/supervision/contact-requests/figures?office=caf-75', lyon)).status).toBe(404);
    expect((await api.get('/api/supervision/contact-requests/figures', lyon)).body.total.sent).toBe(5);
    const moderator = await api.login(
      (await createUser(stack.db, { role: 'moderator' })).email,
      TEST_PASSWORD,
    );
    expect((await api.get('/api/supervision/contact-requests/figures', moderator)).status).toBe(403);
    expect((await api.get('/api/supervision/contact-requests/figures')).status).toBe(401);
  });
});
