/**
 * The supervisors' dashboard against known data: open cases by status, their age (median, 90th
 * percentile, classes), decisions per week, deadlines passed, unheld cases; per office and for all
 * of a supervisor's offices. Only supervisors, and only for their own offices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.ts';
import { createUser, TEST_PASSWORD } from '../support/fixtures.ts';
import { seedPastCases } from '../support/supervision.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let both: string;

beforeAll(async () => {
  stack = await setUpFile('api-supervision-dashboard', { api: true });
  api = apiClient(stack.apiUrl);
  const moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
  const now = new Date();
  await seedPastCases(stack.db, now, [
    // caf-69, open: ages 1, 4, 12, 30, 50 days.
    { officeId: 'caf-69', status: 'in_moderation', submittedDaysAgo: 1, dueInDays: 5 },
    {
      officeId: 'caf-69',
      status: 'in_moderation',
      submittedDaysAgo: 4,
      dueInDays: 2,
      holderId: moderator.id,
    },
    { officeId: 'caf-69', status: 'in_moderation', submittedDaysAgo: 12, dueInDays: -2 },
    { officeId: 'caf-69', status: 'awaiting_document', submittedDaysAgo: 30 },
    { officeId: 'caf-69', status: 'correction_requested', submittedDaysAgo: 50, dueInDays: -20 },
    // caf-69, decided: this week, last week, two the week before, and one long ago.
    { officeId: 'caf-69', status: 'active', submittedDaysAgo: 10, decidedDaysAgo: 0 },
    { officeId: 'caf-69', status: 'rejected', submittedDaysAgo: 20, decidedDaysAgo: 7 },
    { officeId: 'caf-69', status: 'active', submittedDaysAgo: 30, decidedDaysAgo: 14 },
    { officeId: 'caf-69', status: 'active', submittedDaysAgo: 40, decidedDaysAgo: 14 },
    { officeId: 'caf-69', status: 'active', submittedDaysAgo: 200, decidedDaysAgo: 100 },
    // caf-75: one open, one decided this week. caf-13: one open (nobody here oversees both).
    { officeId: 'caf-75', status: 'in_moderation', submittedDaysAgo: 3, dueInDays: 7 },
    { officeId: 'caf-75', status: 'active', submittedDaysAgo: 5, decidedDaysAgo: 0 },
    { officeId: 'caf-13', status: 'in_moderation', submittedDaysAgo: 8, dueInDays: -1 },
  ]);
  both = await api.login(
    (await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69', 'caf-75'] })).email,
    TEST_PASSWORD,
  );
});
afterAll(() => stack?.teardown());

describe('the dashboard of an office', () => {
  it('counts open cases by status, unheld ones and deadlines passed', async () => {
    const { status, body } = await api.get('/api/supervision/dashboard?office=caf-69', both);
    expect(status).toBe(200);
    expect(body.officeId).toBe('caf-69');
    expect(body.total).toMatchObject({
      officeId: 'caf-69',
      targetWorkingDays: 10,
      open: 5,
      unheld: 2,
      overdue: 2,
    });
    expect(body.total.byStatus).toMatchObject({
      in_moderation: 3,
      awaiting_document: 1,
      correction_requested: 1,
      active: 0,
    });
  });

  it('gives the age of open cases: median, 90th percentile and classes', async () => {
    const { body } = await api.get('/api/supervision/dashboard?office=caf-69', both);
    expect(body.total.medianAgeDays).toBe(12);
    expect(body.total.p90AgeDays).toBeCloseTo(42); // between 30 and 50, 60 % of the way
    expect(body.total.ageClasses).toEqual([
      { from: 0, to: 2, count: 1 },
      { from: 3, to: 5, count: 1 },
      { from: 6, to: 10, count: 0 },
      { from: 11, to: 20, count: 1 },
      { from: 21, to: 40, count: 1 },
      { from: 41, to: null, count: 1 },
    ]);
  });

  it('counts decisions per week over twelve weeks, and how long decided cases took', async () => {
    const { body } = await api.get('/api/supervision/dashboard?office=caf-69', both);
    const counts = body.total.throughput.map((week: { count: number }) => week.count);
    expect(counts).toHaveLength(12);
    expect(counts.slice(-3)).toEqual([2, 1, 1]);
    expect(counts.reduce((a: number, b: number) => a + b, 0)).toBe(4);
    const mondays = body.total.throughput.map((week: { weekStart: string }) =>
      new Date(week.weekStart).getUTCDay(),
    );
    expect(new Set(mondays)).toEqual(new Set([1]));
    expect(body.total.handling).toEqual({ decided: 4, medianDays: 14.5, p90Days: 23 });
  });
});

describe('the dashboard of all her offices', () => {
  it('adds up her offices, with one row each, and leaves out the others', async () => {
    const { status, body } = await api.get('/api/supervision/dashboard', both);
    expect(status).toBe(200);
    expect(body.officeId).toBeNull();
    expect(body.offices.map((o: { officeId: string }) => o.officeId).sort()).toEqual(['caf-69', 'caf-75']);
    expect(body.total).toMatchObject({ open: 6, unheld: 3, overdue: 2, medianAgeDays: 8, p90AgeDays: 40 });
    expect(body.total.throughput.at(-1).count).toBe(2);
    const caf75 = body.offices.find((o: { officeId: string }) => o.officeId === 'caf-75');
    expect(caf75).toMatchObject({ open: 1, unheld: 1, overdue: 0, medianAgeDays: 3 });
  });

  it('shows a national supervisor every office', async () => {
    const national = await api.login(
      (await createUser(stack.db, { role: 'supervisor' })).email,
      TEST_PASSWORD,
    );
    const { body } = await api.get('/api/supervision/dashboard', national);
    expect(body.offices.length).toBeGreaterThan(10);
    expect(body.total).toMatchObject({ open: 7, overdue: 3 });
  });
});

describe('who sees a dashboard', () => {
  it('refuses moderators and anonymous callers', async () => {
    const moderator = await api.login(
      (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).email,
      TEST_PASSWORD,
    );
    expect((await api.get('/api/supervision/dashboard?office=caf-69', moderator)).status).toBe(403);
    expect((await api.get('/api/supervision/dashboard')).status).toBe(401);
  });

  it('answers 404 for an office she does not oversee, and counts only hers', async () => {
    const other = await api.login(
      (await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-75'] })).email,
      TEST_PASSWORD,
    );
    expect((await api.get('/api/supervision/dashboard?office=caf-69', other)).status).toBe(404);
    const { body } = await api.get('/api/supervision/dashboard', other);
    expect(body.total.open).toBe(1);
    expect(body.offices.map((o: { officeId: string }) => o.officeId)).toEqual(['caf-75']);
  });
});
