/**
 * Deadlines of a case in moderation, on the real dev server with seconds for days: a reminder
 * before the due date (to the holder, or to the office's moderators when nobody holds it), an
 * escalation to the office's supervisors after it, both by email and on the case's timeline. The
 * emails go through the outbox: the tests wait for them to arrive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCommands } from '../../api/cases/commands.ts';
import type { ModerationPolicy } from '../../domain/moderation-policy.ts';
import { registrationWorkflowId } from '../../workflows/registration.ts';
import { apiClient } from '../support/api-client.ts';
import { createUser, mailsTo } from '../support/fixtures.ts';
import { caseInModeration, sessionFor } from '../support/moderation.ts';
import { setUpFile, TEST_POLICY, type FileStack } from '../support/stack.ts';

const SHORT_DEADLINES: ModerationPolicy = {
  handlingTime: '6 seconds',
  reminderBeforeDue: '4 seconds',
  escalationAfterDue: '2 seconds',
};
const policy = { ...TEST_POLICY, moderation: SHORT_DEADLINES };

type User = Awaited<ReturnType<typeof createUser>>;
let stack: FileStack;
let commands: ReturnType<typeof caseCommands>;
let api: ReturnType<typeof apiClient>;
let lyon: User[];
let marseille: User;
let paris: User;
let supervisorLyon: User;
let supervisorParis: User;

beforeAll(async () => {
  stack = await setUpFile('moderation-deadlines', { api: true, policy });
  commands = caseCommands(stack.deps);
  api = apiClient(stack.apiUrl);
  lyon = [
    await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' }),
    await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' }),
  ];
  marseille = await createUser(stack.db, { role: 'moderator', officeId: 'caf-13' });
  paris = await createUser(stack.db, { role: 'moderator', officeId: 'caf-75' });
  supervisorLyon = await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69', 'caf-13'] });
  supervisorParis = await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-75'] });
});
afterAll(() => stack?.teardown());

const subjects = async (user: User) => (await mailsTo(stack.mailboxUrl, user.email)).map((m) => m.subject);
const REMINDER = 'Rappel : un dossier arrive à échéance';
const ESCALATION = 'Échéance dépassée : un dossier attend une décision';

async function deadlineEvents(registrationId: string) {
  return stack
    .db('case_events')
    .where({ registration_id: registrationId })
    .whereIn('type', ['deadline_reminder_sent', 'deadline_escalated'])
    .orderBy('seq')
    .select('type', 'office_id as officeId', 'data');
}

describe('deadlines of a case in moderation', () => {
  it('reminds the office when nobody holds the case, then alerts its supervisors once it is late', async () => {
    const { registrationId } = await caseInModeration(stack);
    const routed = await stack.db('cases').where({ registration_id: registrationId }).first('due_at');
    expect(routed.due_at.getTime() - Date.now()).toBeLessThan(7_000);

    const types = async () => (await deadlineEvents(registrationId)).map((e) => e.type);
    // The timeline event is written once every email is queued.
    await expect.poll(types, { timeout: 15_000 }).toEqual(['deadline_reminder_sent']);
    await expect.poll(() => subjects(lyon[0]!), { timeout: 10_000 }).toContain(REMINDER);
    await expect.poll(() => subjects(lyon[1]!), { timeout: 10_000 }).toContain(REMINDER);
    expect(await subjects(supervisorLyon)).not.toContain(ESCALATION);
    await expect.poll(types, { timeout: 15_000 }).toEqual(['deadline_reminder_sent', 'deadline_escalated']);
    await expect.poll(() => subjects(supervisorLyon), { timeout: 10_000 }).toContain(ESCALATION);
    // Nobody outside the office hears of it.
    expect(await subjects(paris)).toEqual([]);
    expect(await subjects(supervisorParis)).toEqual([]);

    const dueAt = routed.due_at.toISOString();
    expect(await deadlineEvents(registrationId)).toEqual([
      { type: 'deadline_reminder_sent', officeId: 'caf-69', data: { dueAt, to: 'office', recipients: 2 } },
      { type: 'deadline_escalated', officeId: 'caf-69', data: { dueAt, to: 'supervisors', recipients: 1 } },
    ]);

    // The breach shows in the queue: a filter of its own, and a flag on the line.
    const queue = await api.get('/api/staff/cases?due=overdue', await sessionFor(stack.db, lyon[0]!));
    const line = queue.body.items.find((item: { id: string }) => item.id === registrationId);
    expect(line.overdue).toBe(true);
    expect(queue.body.overdue).toBeGreaterThanOrEqual(1);

    // Recipients were read by the activity: no address travels through Temporal.
    const handle = stack.temporal.workflow.getHandle(registrationWorkflowId(registrationId));
    const history = JSON.stringify(await handle.fetchHistory());
    for (const user of [...lyon, supervisorLyon]) expect(history).not.toContain(user.email);
    await stack.keepHistory(handle);
  });

  it('reminds only the moderator who holds the case', async () => {
    const { registrationId } = await caseInModeration(stack);
    const before = await subjects(lyon[1]!);
    await commands.claim(registrationId, lyon[0]!.actor);
    await expect
      .poll(async () => (await deadlineEvents(registrationId)).map((e) => e.type), { timeout: 15_000 })
      .toContain('deadline_reminder_sent');
    const [reminder] = await deadlineEvents(registrationId);
    expect(reminder!.data).toMatchObject({ to: 'holder', recipients: 1 });
    expect(await subjects(lyon[1]!)).toEqual(before);
    await stack.keepHistory(stack.temporal.workflow.getHandle(registrationWorkflowId(registrationId)));
  });

  it('gives a transferred case a new due date, and its alerts go to the new office', async () => {
    const { registrationId } = await caseInModeration(stack);
    const before = await stack.db('cases').where({ registration_id: registrationId }).first('due_at');
    await commands.reassign(registrationId, supervisorLyon.actor, {
      toOfficeId: 'caf-13',
      targetWorkingDays: 10,
      reason: null,
    });
    const after = await stack.db('cases').where({ registration_id: registrationId }).first('due_at');
    expect(after.due_at.getTime()).toBeGreaterThan(before.due_at.getTime());
    await expect
      .poll(async () => (await deadlineEvents(registrationId)).length, { timeout: 15_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => subjects(marseille), { timeout: 10_000 }).toContain(REMINDER);
    const [reminder] = await deadlineEvents(registrationId);
    expect(reminder).toEqual({
      type: 'deadline_reminder_sent',
      officeId: 'caf-13',
      data: { dueAt: after.due_at.toISOString(), to: 'office', recipients: 1 },
    });
    await stack.keepHistory(stack.temporal.workflow.getHandle(registrationWorkflowId(registrationId)));
  });

  it('replays every history kept above with today’s code', async () => {
    const { count, failures } = await stack.replayKeptHistories();
    expect(failures).toEqual([]);
    expect(count).toBe(3);
  });
});
