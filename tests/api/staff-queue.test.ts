/**
 * The moderation queue on the real PostgreSQL: filters, sorting, counts and keyset pages, always
 * within the offices of the person asking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseStatus } from '../../domain/case-status.ts';
import { apiClient } from '../support/api-client.ts';
import { createUser } from '../support/fixtures.ts';
import { seedProjectedCases, sessionFor, type SeededCase } from '../support/moderation.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

const DAY = 86_400_000;
let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let seeded: SeededCase[];
let me: Awaited<ReturnType<typeof createUser>>;
let colleague: Awaited<ReturnType<typeof createUser>>;
let token: string;
let supervisorToken: string;
const now = Date.now();

beforeAll(async () => {
  stack = await setUpFile('staff-queue', { api: true });
  api = apiClient(stack.apiUrl);
  me = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69', name: 'Moi Même' });
  colleague = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69', name: 'Une Collègue' });
  const statuses: CaseStatus[] = ['in_moderation', 'in_moderation', 'in_moderation', 'correction_requested'];
  const departements = ['69', '01', '38'];
  const holders = [null, me.id, colleague.id, null, null];
  const plan: Array<Omit<SeededCase, 'registrationId'>> = [];
  for (let i = 0; i < 48; i++) {
    // Every fourth case shares its submission instant with the previous one: ties broken by id.
    const submittedAt = new Date(now - (i - (i % 4 === 3 ? 1 : 0)) * 0.7 * DAY - 3_600_000);
    plan.push({
      status: statuses[i % statuses.length]!,
      officeId: 'caf-69',
      departement: departements[i % departements.length]!,
      holderId: holders[i % holders.length]!,
      submittedAt,
      dueAt: new Date(now + ((i * 7) % 23) * DAY * 0.5 - 4 * DAY),
    });
  }
  for (let i = 0; i < 6; i++) {
    plan.push({
      status: 'in_moderation',
      officeId: 'caf-75',
      departement: '75',
      holderId: null,
      submittedAt: new Date(now - i * DAY - 60_000),
      dueAt: new Date(now + i * DAY),
    });
  }
  seeded = await seedProjectedCases(stack.db, plan);
  token = await sessionFor(stack.db, me);
  supervisorToken = await sessionFor(stack.db, await createUser(stack.db, { role: 'supervisor' }));
});
afterAll(() => stack?.teardown());

/** Every id of a filtered queue, page after page, following the cursors. */
async function walk(query: string, limit: number, as = token): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const url: string = `/api/staff/cases?${query}&limit=${limit}${after ? `&after=${after}` : ''}`;
    const response = await api.get(url, as);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.items.length).toBeLessThanOrEqual(limit);
    ids.push(...response.body.items.map((item: { id: string }) => item.id));
    after = response.body.next;
    if (!after) return ids;
  }
  throw new Error('pagination sans fin');
}

const byIdOrder = (a: SeededCase, b: SeededCase) => (a.registrationId < b.registrationId ? -1 : 1);
const bySubmitted = (a: SeededCase, b: SeededCase) =>
  a.submittedAt.getTime() - b.submittedAt.getTime() || byIdOrder(a, b);
const byDue = (a: SeededCase, b: SeededCase) => a.dueAt.getTime() - b.dueAt.getTime() || byIdOrder(a, b);
const mine = (c: SeededCase) => c.officeId === 'caf-69';
const waiting = (c: SeededCase) => mine(c) && c.status === 'in_moderation';
const ids = (cases: SeededCase[]) => cases.map((c) => c.registrationId);

describe('the queue of an office', () => {
  it('lists the cases waiting for a decision, oldest first, across pages without gaps or repeats', async () => {
    const expected = ids(seeded.filter(waiting).sort(bySubmitted));
    for (const limit of [1, 5, 7, 50]) expect(await walk('', limit)).toEqual(expected);
  });

  it('sorts by submission or due date, both ways, with keyset pages', async () => {
    const cases = seeded.filter(waiting);
    expect(await walk('sort=-submitted', 6)).toEqual(ids([...cases].sort(bySubmitted).reverse()));
    expect(await walk('sort=due', 6)).toEqual(ids([...cases].sort(byDue)));
    expect(await walk('sort=-due', 4)).toEqual(ids([...cases].sort(byDue).reverse()));
  });

  it('filters by status, département, age, due date and holder', async () => {
    const expectSame = async (query: string, keep: (c: SeededCase) => boolean, order = bySubmitted) => {
      const got = await walk(query, 10);
      expect(got, query).toEqual(ids(seeded.filter(keep).sort(order)));
      expect(got.length, `${query} ne doit pas être vide`).toBeGreaterThan(0);
    };
    await expectSame('statuses=correction_requested', (c) => mine(c) && c.status === 'correction_requested');
    await expectSame('statuses=in_moderation,correction_requested', mine);
    await expectSame('departements=01,38', (c) => waiting(c) && c.departement !== '69');
    await expectSame('holder=mine', (c) => waiting(c) && c.holderId === me.id);
    await expectSame('holder=unheld', (c) => waiting(c) && c.holderId === null);
    await expectSame('holder=others', (c) => waiting(c) && c.holderId === colleague.id);
    await expectSame(`holder=${colleague.id}`, (c) => waiting(c) && c.holderId === colleague.id);
    await expectSame('due=overdue', (c) => waiting(c) && c.dueAt.getTime() < Date.now());
    await expectSame(
      'due=soon&dueWithinDays=3',
      (c) => waiting(c) && c.dueAt.getTime() >= Date.now() && c.dueAt.getTime() < Date.now() + 3 * DAY,
    );
    const age = (c: SeededCase) => Math.floor((Date.now() - c.submittedAt.getTime()) / DAY);
    await expectSame('minAgeDays=5&maxAgeDays=10', (c) => waiting(c) && age(c) >= 5 && age(c) <= 10);
    await expectSame(
      'departements=69&holder=unheld&sort=due',
      (c) => waiting(c) && c.departement === '69' && !c.holderId,
      byDue,
    );
  });

  it('counts the matching cases, per status and late ones', async () => {
    const response = await api.get('/api/staff/cases?departements=69', token);
    const inMyOffice = seeded.filter((c) => mine(c) && c.departement === '69');
    expect(response.body.total).toBe(inMyOffice.filter((c) => c.status === 'in_moderation').length);
    expect(response.body.byStatus.in_moderation).toBe(response.body.total);
    expect(response.body.byStatus.correction_requested).toBe(
      inMyOffice.filter((c) => c.status === 'correction_requested').length,
    );
    expect(response.body.overdue).toBe(
      inMyOffice.filter((c) => c.status === 'in_moderation' && c.dueAt.getTime() < Date.now()).length,
    );
    expect(response.body.items.filter((i: { overdue: boolean }) => i.overdue).length).toBe(
      response.body.overdue,
    );
  });

  it('never shows another office’s cases to a moderator, whatever she asks for', async () => {
    const others = ids(seeded.filter((c) => c.officeId === 'caf-75'));
    expect(await walk('offices=caf-75', 50)).toEqual([]);
    const all = await walk('offices=caf-69,caf-75&statuses=in_moderation,correction_requested', 50);
    expect(all.some((id) => others.includes(id))).toBe(false);
  });

  it('shows a supervisor the offices she oversees, one or all', async () => {
    const paris = await walk('offices=caf-75', 4, supervisorToken);
    expect(paris).toEqual(ids(seeded.filter((c) => c.officeId === 'caf-75').sort(bySubmitted)));
    const everything = await walk('', 9, supervisorToken);
    expect(everything).toEqual(ids(seeded.filter((c) => c.status === 'in_moderation').sort(bySubmitted)));
  });

  it('explains bad filters in French, field by field, with stable codes', async () => {
    const bad = await api.get(
      '/api/staff/cases?statuses=nope&minAgeDays=-1&holder=someone&sort=random',
      token,
    );
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('invalid_input');
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['holder', 'minAgeDays', 'sort', 'statuses.0'].sort(),
    );
    expect(bad.body.errors.find((e: { path: string }) => e.path === 'minAgeDays').message).toMatch(/négatif/);
    const range = await api.get('/api/staff/cases?minAgeDays=9&maxAgeDays=2', token);
    expect(range.body.errors).toEqual([{ path: 'maxAgeDays', message: expect.stringMatching(/supérieure/) }]);
    const cursor = await api.get('/api/staff/cases?after=garbage', token);
    expect(cursor.status).toBe(422);
    expect(cursor.body.code).toBe('invalid_cursor');
  });
});
