/**
 * Her life after activation, on the real Temporal dev server, PostgreSQL, S3 and SMTP catcher: the
 * handover from the registration, edits that publish at once, changes that go back to the pivot
 * CAF while the verified values stay published, and availability deadlines seconds apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCommands } from '../../api/cases/commands.ts';
import type { Problem } from '../../api/problem.ts';
import type { Actor } from '../../domain/case-rules.ts';
import { reminderOffsetMs } from '../../domain/reminder-spread.ts';
import { childminderWorkflowId } from '../../workflows/childminder.ts';
import { registrationWorkflowId } from '../../workflows/registration.ts';
import { NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import { createUser, mailsTo, registrationFor, waitForStatus } from '../support/fixtures.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';
import {
  activeChildminder,
  changeSection,
  deadlinesIn,
  policyWith,
  publishedProfile,
} from '../support/childminder.ts';

let stack: FileStack;
let commands: ReturnType<typeof caseCommands>;
let moderator: Actor;
let parisModerator: Actor;

beforeAll(async () => {
  stack = await setUpFile('childminder-lifecycle');
  commands = caseCommands(stack.deps);
  moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
  parisModerator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-75' })).actor;
});
afterAll(() => stack?.teardown());

const caseRow = (registrationId: string) =>
  stack.db('cases').where({ registration_id: registrationId }).first();
const events = (registrationId: string): Promise<string[]> =>
  stack.db('case_events').where({ registration_id: registrationId }).orderBy('seq').pluck('type');
const subjects = async (email: string) => (await mailsTo(stack.mailboxUrl, email)).map((m) => m.subject);

async function refusal(promise: Promise<unknown>): Promise<Problem> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeTruthy();
  return error as Problem;
}

async function keepLifecycle(registrationId: string) {
  const handle = stack.temporal.workflow.getHandle(childminderWorkflowId(registrationId));
  const description = await handle.describe();
  const firstRunId = description.raw.workflowExecutionInfo?.firstRunId;
  if (firstRunId && firstRunId !== description.runId) {
    await stack.keepHistory(stack.temporal.workflow.getHandle(handle.workflowId, firstRunId));
  }
  await stack.keepHistory(handle);
  return handle;
}

describe('her lifecycle after activation', () => {
  it('takes over the same case row from the registration, which ends', async () => {
    const { registrationId } = await activeChildminder(stack, moderator);
    const row = await caseRow(registrationId);
    expect(row).toMatchObject({
      workflow_id: childminderWorkflowId(registrationId),
      status: 'active',
      office_id: 'caf-69',
    });
    const registration = stack.temporal.workflow.getHandle(registrationWorkflowId(registrationId));
    expect(await registration.result()).toBe('active');
    const lifecycle = await stack.temporal.workflow
      .getHandle(childminderWorkflowId(registrationId))
      .describe();
    expect(lifecycle.status.name).toBe('RUNNING');
    expect(await events(registrationId)).toEqual([
      'document_accepted',
      'submitted',
      'identity_checked',
      'routed',
      'claimed',
      'approved',
    ]);
    await stack.keepHistory(registration);
  });

  it('publishes her new contact details within seconds, and her availability counts as a declaration', async () => {
    const { owner, registrationId } = await activeChildminder(stack, moderator);
    const contact = {
      ...registrationFor().contact,
      address: {
        ...registrationFor().contact.address,
        line1: '3 place Bellecour',
        postalCode: '69002',
        communeCode: '69382',
        communeName: 'Lyon 2e Arrondissement',
      },
      phone: '07 11 22 33 44',
      publication: { showAddress: true, showPhone: true, showEmail: false },
    };
    const change = await changeSection(stack, registrationId, owner.actor, 'contact', contact);
    expect(change.outcome).toBe('applied');
    const profile = await publishedProfile(stack, registrationId);
    expect(profile).toMatchObject({
      phone: '07 11 22 33 44',
      email: null,
      commune: 'Lyon 2e Arrondissement',
    });
    expect(profile.address).toContain('3 place Bellecour');
    expect((await caseRow(registrationId)).status).toBe('active');

    const before = await stack.db('declaration_status').where({ registration_id: registrationId }).first();
    const full = await changeSection(stack, registrationId, owner.actor, 'availability', {
      ...registrationFor().availability,
      status: 'full',
      places: { under3: 0, from3to6: 0, over6: 0 },
    });
    expect(full.outcome).toBe('applied');
    expect((await publishedProfile(stack, registrationId)).availability.status).toBe('full');
    const after = await stack.db('declaration_status').where({ registration_id: registrationId }).first();
    expect(after.availability_status).toBe('full');
    expect(after.last_declared_at.getTime()).toBeGreaterThan(before.last_declared_at.getTime());
    expect((await events(registrationId)).slice(-2)).toEqual(['profile_updated', 'availability_declared']);

    const unchanged = await changeSection(stack, registrationId, owner.actor, 'contact', contact);
    expect(unchanged.outcome).toBe('unchanged');
    const history = JSON.stringify(await (await keepLifecycle(registrationId)).fetchHistory());
    for (const secret of ['07 11 22 33 44', 'Bellecour', NAMED_PEOPLE.camille.nir]) {
      expect(history).not.toContain(secret);
    }
  });

  it('checks a change of identity with the CAF, keeping the verified name published until approval', async () => {
    const { owner, registrationId } = await activeChildminder(stack, moderator);
    const identity = { ...registrationFor().identity, usageName: 'LEMAIRE' };
    const change = await changeSection(stack, registrationId, owner.actor, 'identity', identity);
    expect(change).toMatchObject({ outcome: 'checking', reasons: ['identity'] });
    await waitForStatus(stack.db, registrationId, 'change_in_moderation');
    expect((await caseRow(registrationId)).office_id).toBe('caf-69');
    expect((await publishedProfile(stack, registrationId)).name).toBe('Camille DUPONT');
    const verified = await stack.db('registrations').where({ id: registrationId }).first('identity');
    expect(verified.identity.usageName).toBeNull();

    const second = await refusal(
      changeSection(stack, registrationId, owner.actor, 'agrement', {
        ...registrationFor().agrement,
        capacity: 4,
      }),
    );
    expect(second.code).toBe('change_pending');
    const sameSection = await refusal(
      changeSection(stack, registrationId, owner.actor, 'identity', { ...identity, usageName: 'AUTRE' }),
    );
    expect(sameSection.code).toBe('change_pending');
    // What applies at once still does, meanwhile.
    const phone = await changeSection(stack, registrationId, owner.actor, 'contact', {
      ...registrationFor().contact,
      phone: '06 99 88 77 66',
    });
    expect(phone.outcome).toBe('applied');
    expect((await publishedProfile(stack, registrationId)).phone).toBe('06 99 88 77 66');
    expect((await caseRow(registrationId)).status).toBe('change_in_moderation');

    await commands.claim(registrationId, moderator);
    const decided = await commands.decide(registrationId, {
      actor: moderator,
      kind: 'approve',
      messageId: null,
    });
    expect(decided.status).toBe('active');
    expect((await publishedProfile(stack, registrationId)).name).toBe('Camille LEMAIRE');
    const applied = await stack.db('registrations').where({ id: registrationId }).first('identity');
    expect(applied.identity.usageName).toBe('LEMAIRE');
    expect((await publishedProfile(stack, registrationId)).phone).toBe('06 99 88 77 66');
    expect(await stack.db('profile_changes').where({ id: change.changeId }).first()).toMatchObject({
      status: 'approved',
    });
    await expect.poll(() => subjects(owner.email)).toContain('Votre modification est validée');
    // Received, checked against SNGI (tests/workflows/identity-change-check.test.ts), then sent to the CAF.
    expect((await events(registrationId)).slice(-6)).toEqual([
      'approved',
      'change_received',
      'change_submitted',
      'profile_updated',
      'claimed',
      'change_approved',
    ]);
    await keepLifecycle(registrationId);
  });

  it('sends a move to another département to that pivot CAF, and drops it with the message when refused', async () => {
    const { owner, registrationId } = await activeChildminder(stack, moderator);
    const paris = {
      ...registrationFor().contact,
      address: {
        line1: '5 rue de Rivoli',
        line2: null,
        postalCode: '75004',
        communeCode: '75104',
        communeName: 'Paris 4e Arrondissement',
      },
    };
    const change = await changeSection(stack, registrationId, owner.actor, 'contact', paris);
    expect(change).toMatchObject({ outcome: 'pending', reasons: ['departement'] });
    await waitForStatus(stack.db, registrationId, 'change_in_moderation');
    expect((await caseRow(registrationId)).office_id).toBe('caf-75');
    expect((await refusal(commands.claim(registrationId, moderator))).code).toBe('wrong_office');
    expect((await publishedProfile(stack, registrationId)).commune).toBe('Lyon 3e Arrondissement');

    await commands.claim(registrationId, parisModerator);
    const [message] = await stack
      .db('case_messages')
      .insert({
        registration_id: registrationId,
        author_id: parisModerator.userId,
        kind: 'rejection',
        reason_code: 'no_valid_agrement',
        body: 'Votre agrément du Rhône ne vaut pas à Paris : demandez-en un au département.',
      })
      .returning('id');
    const decided = await commands.decide(registrationId, {
      actor: parisModerator,
      kind: 'reject',
      messageId: message.id,
    });
    expect(decided.status).toBe('active');
    expect(await caseRow(registrationId)).toMatchObject({
      status: 'active',
      office_id: 'caf-69',
      holder_id: null,
    });
    expect(await stack.db('profile_changes').where({ id: change.changeId }).first()).toMatchObject({
      status: 'refused',
      message_id: message.id,
    });
    const verified = await stack.db('registrations').where({ id: registrationId }).first('contact');
    expect(verified.contact.address.communeCode).toBe('69383');
    expect((await publishedProfile(stack, registrationId)).commune).toBe('Lyon 3e Arrondissement');
    await expect
      .poll(
        async () =>
          (await mailsTo(stack.mailboxUrl, owner.email)).find((m) => m.subject.includes('pas été validée'))
            ?.text,
      )
      .toContain('ne vaut pas à Paris');

    // She may propose again.
    const again = await changeSection(stack, registrationId, owner.actor, 'contact', paris);
    expect(again.outcome).toBe('pending');
    await waitForStatus(stack.db, registrationId, 'change_in_moderation');
    await keepLifecycle(registrationId);
  });

  it('reminds her ahead of a deadline, marks the missed one overdue, and goes on in a new run', async () => {
    // The first deadline is covered by her registration's declaration; the second is missed.
    const [first, second] = deadlinesIn(12, 20) as [string, string];
    const { owner, registrationId } = await activeChildminder(stack, moderator, {
      policy: policyWith([first, second], 3000, 1000),
    });
    const handle = stack.temporal.workflow.getHandle(childminderWorkflowId(registrationId));
    const firstRun = (await handle.describe()).runId;

    await expect
      .poll(() => subjects(owner.email), { timeout: 30_000, interval: 500 })
      .toContain('Pensez à déclarer vos disponibilités');
    await expect
      .poll(() => subjects(owner.email), { timeout: 15_000, interval: 500 })
      .toContain('Votre déclaration de disponibilités est en retard');
    const reminders = (await subjects(owner.email)).filter(
      (s) => s === 'Pensez à déclarer vos disponibilités',
    );
    expect(reminders).toHaveLength(1);
    const settled = await stack
      .db('declaration_deadlines')
      .where({ registration_id: registrationId })
      .orderBy('deadline');
    expect(
      settled.map((d) => [d.deadline.toISOString(), d.outcome, d.consecutive_misses, d.reminded]),
    ).toEqual([
      [first, 'declared', 0, false],
      [second, 'overdue', 1, true],
    ]);
    const status = await stack.db('declaration_status').where({ registration_id: registrationId }).first();
    expect(status.overdue_deadline.toISOString()).toBe(second);
    expect(await events(registrationId)).toEqual(
      expect.arrayContaining(['declaration_reminder_sent', 'declaration_overdue']),
    );
    // Reminded at her own instant of the spread window, never before it (a timer does not fire early).
    const reminded = await stack
      .db('case_events')
      .where({ registration_id: registrationId, type: 'declaration_reminder_sent' })
      .first('at');
    expect(reminded.at.getTime()).toBeGreaterThanOrEqual(
      Date.parse(second) - 3000 + reminderOffsetMs(registrationId, 1000),
    );

    // Continued as new after each deadline; the new run still takes her declarations.
    await expect.poll(async () => (await handle.describe()).runId).not.toBe(firstRun);
    const declared = await changeSection(
      stack,
      registrationId,
      owner.actor,
      'availability',
      registrationFor().availability,
    );
    expect(declared.outcome).toBe('applied');
    const cleared = await stack.db('declaration_status').where({ registration_id: registrationId }).first();
    expect(cleared.overdue_deadline).toBeNull();
    expect(await handle.query('lifecycle')).toMatchObject({
      overdueDeadline: null,
      availability: 'available',
    });
    await keepLifecycle(registrationId);
  });

  it('counts “indisponible” and “complète” as declarations: no reminder, nothing overdue', async () => {
    const [first, second, third] = deadlinesIn(10, 15, 20) as [string, string, string];
    const { owner, registrationId } = await activeChildminder(stack, moderator, {
      policy: policyWith([first, second, third], 2000),
    });
    const none = { under3: 0, from3to6: 0, over6: 0 };
    await changeSection(stack, registrationId, owner.actor, 'availability', {
      ...registrationFor().availability,
      status: 'unavailable',
      places: none,
      slots: [],
    });
    // Unavailable through the second period: the duty is lifted, without declaring again.
    await new Promise((resolve) => setTimeout(resolve, Date.parse(second) - Date.now() + 500));
    await changeSection(stack, registrationId, owner.actor, 'availability', {
      ...registrationFor().availability,
      status: 'full',
      places: none,
    });
    await expect
      .poll(
        async () =>
          (
            await stack
              .db('declaration_deadlines')
              .where({ registration_id: registrationId })
              .orderBy('deadline')
              .pluck('outcome')
          ).join(','),
        { timeout: 15_000, interval: 500 },
      )
      .toBe('exempt,exempt,declared');
    const mails = await subjects(owner.email);
    expect(mails).not.toContain('Pensez à déclarer vos disponibilités');
    expect(mails).not.toContain('Votre déclaration de disponibilités est en retard');
    await keepLifecycle(registrationId);
  });

  it('replays every kept history deterministically', async () => {
    const { count, failures } = await stack.replayKeptHistories();
    expect(count).toBeGreaterThanOrEqual(6);
    expect(failures).toEqual([]);
  });
});
