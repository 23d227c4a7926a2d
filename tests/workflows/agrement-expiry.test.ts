/**
 * Her agrément's expiry in her lifecycle, on the real stack: reminders at their milestones (seconds
 * apart here, through the policy), each told once by email and on her timeline; a renewal notified
 * by the département moves the date and the timers follow it; at expiry she is out of the public
 * register and told, and a renewal brings her back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/case-rules.ts';
import type { RegistrationPolicy } from '../../domain/policy.ts';
import { waitFor } from '../../stack/wait.ts';
import { childminderWorkflowId } from '../../workflows/childminder.ts';
import { apiClient } from '../support/api-client.ts';
import { activeChildminder, policyWith } from '../support/childminder.ts';
import { createUser, mailsTo, registrationFor } from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let moderator: Actor;
let agent: string;

beforeAll(async () => {
  stack = await setUpFile('agrement-expiry', { api: true });
  api = apiClient(stack.apiUrl);
  moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
  agent = await sessionFor(
    stack.db,
    await createUser(stack.db, { role: 'departement_agent', departementCode: '69' }),
  );
});
afterAll(() => stack?.teardown());

const DAY = 24 * 3600_000;
/** A day (UTC) `days` from today, as the agrément's dates are written. */
const isoDay = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const events = (registrationId: string) =>
  stack
    .db('case_events')
    .where({ registration_id: registrationId })
    .orderBy('seq')
    .select<Array<{ type: string; data: Record<string, unknown> }>>('type', 'data');
const types = async (registrationId: string) => (await events(registrationId)).map((e) => e.type);
const subjects = async (email: string) => (await mailsTo(stack.mailboxUrl, email)).map((m) => m.subject);
const publicPage = async (id: string) => (await api.get(`/api/public/childminders/${id}`)).status;
const REMINDER = 'Votre agrément arrive à échéance : pensez au renouvellement';
let counter = 0;

async function notify(registrationId: string, body: Record<string, unknown>) {
  const registration = await stack
    .db('registrations')
    .where({ id: registrationId })
    .first('identity', 'agrement');
  const response = await api.post(
    '/api/departement/notifications',
    {
      reference: `PMI-EXP-${Date.now().toString(36)}-${++counter}`,
      agrementNumber: registration.agrement.number,
      birthName: registration.identity.birthName,
      birthDate: '1985-03-14',
      effectiveDate: new Date().toISOString(),
      ...body,
    },
    agent,
  );
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

const renew = (registrationId: string, expiryDate: string) =>
  notify(registrationId, { kind: 'renewal', reason: 'renouvellement', expiryDate });

async function waitForEvent(registrationId: string, type: string, count = 1) {
  await waitFor(`${count} × ${type}`, 30_000, async () => {
    const n = (await types(registrationId)).filter((t) => t === type).length;
    if (n < count) throw new Error(`${n} seulement`);
  });
}

const keep = (registrationId: string) =>
  stack.keepHistory(stack.temporal.workflow.getHandle(childminderWorkflowId(registrationId)));

describe('the expiry of her agrément', () => {
  it('reminds her at the milestones of the date the département renewed to, and no more once renewed again', async () => {
    // Her agrément runs to 2028 at first; the département renews it to tomorrow, whose reminders
    // (policy: that far ahead of its end) come 15 s and 30 s from now. The second never comes: a
    // renewal to 2031 moves the date first. A suspension ending at 35 s marks the time past it.
    const renewedTo = isoDay(1);
    const end = Date.parse(`${isoDay(2)}T00:00:00Z`);
    const t0 = Date.now();
    const base = policyWith([]);
    const policy: RegistrationPolicy = {
      ...base,
      lifecycle: {
        ...base.lifecycle!,
        agrementExpiryRemindersBeforeMs: [end - t0 - 15_000, end - t0 - 30_000],
      },
    };
    const { registrationId, owner } = await activeChildminder(stack, moderator, { policy });
    await renew(registrationId, renewedTo);

    await waitForEvent(registrationId, 'agrement_expiry_reminder');
    const [reminder] = (await events(registrationId)).filter((e) => e.type === 'agrement_expiry_reminder');
    expect(reminder?.data).toEqual({ expiryDate: renewedTo, step: 0 });
    await expect.poll(() => subjects(owner.email), { timeout: 30_000, interval: 500 }).toContain(REMINDER);

    expect(Date.now() - t0, 'machine trop lente pour les délais de ce test').toBeLessThan(28_000);
    await renew(registrationId, '2031-08-31');
    await notify(registrationId, {
      kind: 'suspension',
      reason: 'enquete',
      endDate: new Date(t0 + 35_000).toISOString(),
    });
    await waitForEvent(registrationId, 'agrement_suspension_ended');
    expect((await types(registrationId)).filter((t) => t === 'agrement_expiry_reminder')).toHaveLength(1);
    expect((await subjects(owner.email)).filter((s) => s === REMINDER)).toHaveLength(1);
    expect(await publicPage(registrationId)).toBe(200);
    await keep(registrationId);
  });

  it('at expiry she is out of the search and told once; a renewal brings her back', async () => {
    const data = registrationFor();
    data.agrement = { ...data.agrement!, expiryDate: isoDay(-1) };
    const { registrationId, owner } = await activeChildminder(stack, moderator, { data });
    expect(await publicPage(registrationId)).toBe(404);
    await waitForEvent(registrationId, 'agrement_expired');
    // Only the expiry is told: the reminders it passed would say time is left.
    expect(await types(registrationId)).not.toContain('agrement_expiry_reminder');
    await expect
      .poll(() => subjects(owner.email), { timeout: 30_000, interval: 500 })
      .toContain('Votre agrément a expiré');

    await renew(registrationId, '2031-08-31');
    expect(await publicPage(registrationId)).toBe(200);
    await waitForEvent(registrationId, 'agrement_renewal');
    await expect
      .poll(() => subjects(owner.email), { timeout: 30_000, interval: 500 })
      .toContain('Votre agrément a été renouvelé');
    expect((await types(registrationId)).filter((t) => t === 'agrement_expired')).toHaveLength(1);
    await keep(registrationId);
  });

  it('with the calendar’s milestones, two months ahead: the 3-month reminder at once, and her page says so', async () => {
    const data = registrationFor();
    const expiryDate = isoDay(60);
    data.agrement = { ...data.agrement!, expiryDate };
    const { registrationId, owner } = await activeChildminder(stack, moderator, { data });
    await waitForEvent(registrationId, 'agrement_expiry_reminder');
    const reminders = (await events(registrationId)).filter((e) => e.type === 'agrement_expiry_reminder');
    expect(reminders.map((e) => e.data)).toEqual([{ expiryDate, step: 1 }]);
    const page = await api.get(`/api/registrations/${registrationId}`, await sessionFor(stack.db, owner));
    expect(page.body.agrementStanding).toMatchObject({ state: 'in_force', expiryDate, renewalDue: true });
    expect(await publicPage(registrationId)).toBe(200);
    await keep(registrationId);
  });
});

describe('replay', () => {
  it('replays every history kept here with today’s code', async () => {
    const { count, failures } = await stack.replayKeptHistories();
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(0);
  });
});
