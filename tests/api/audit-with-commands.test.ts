/**
 * The commands a case's workflow carries out (a claim, a release, an assignment, a reassignment,
 * single or bulk, and the decisions on a registration or on a change to her published profile) are
 * audited by the activity that writes their effect, in its transaction: one line per command, with
 * the actor, the action and the case, even when nobody is left to write it after the Update (the API
 * gone, a bulk reassignment's activity), and even when that activity runs again after its commit.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransitionRecord } from '../../activities/types.ts';
import { caseCommands } from '../../api/cases/commands.ts';
import { verifyAuditChain } from '../../infra/audit-chain.ts';
import { waitFor } from '../../stack/wait.ts';
import { apiClient } from '../support/api-client.ts';
import { activeChildminder, changeSection, policyWith } from '../support/childminder.ts';
import {
  createUser,
  insertRegistration,
  notAPdf,
  placeUpload,
  registrationFor,
  samplePdf,
  TEST_PASSWORD,
  waitForStatus,
} from '../support/fixtures.ts';
import { caseInModeration } from '../support/moderation.ts';
import { casesInModeration } from '../support/supervision.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

/** Transitions (`case event`) that fail once, just after their transaction committed; attempts seen. */
const failAfterCommit = new Set<string>();
const attempts = new Map<string, number>();
const failingOnceAfterCommit: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    async execute(input, next) {
      const result = await next(input);
      if (ctx.info.activityType !== 'recordTransition') return result;
      const t = input.args[0] as TransitionRecord;
      const key = `${t.registrationId} ${t.event.type}`;
      attempts.set(key, (attempts.get(key) ?? 0) + 1);
      if (failAfterCommit.delete(key))
        throw ApplicationFailure.retryable('Échec provoqué après la validation', 'after_commit');
      return result;
    },
  },
});

let stack: FileStack;
let commands: ReturnType<typeof caseCommands>;
let api: ReturnType<typeof apiClient>;
type User = Awaited<ReturnType<typeof createUser>>;
let lyon: User;
let paris: User;
let supervisor: User;

beforeAll(async () => {
  stack = await setUpFile('audit-with-commands', {
    api: true,
    policy: policyWith([]),
    activityInterceptors: [failingOnceAfterCommit],
  });
  commands = caseCommands(stack.deps);
  api = apiClient(stack.apiUrl);
  lyon = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
  paris = await createUser(stack.db, { role: 'moderator', officeId: 'caf-75' });
  supervisor = await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69', 'caf-75'] });
});
afterAll(() => stack?.teardown());

/** The audit lines of one action on one case. */
const linesOf = (registrationId: string, action: string) =>
  stack
    .db('audit_log')
    .where({ target_type: 'registration', target_id: registrationId, action })
    .orderBy('seq')
    .select('actor_id', 'actor_role', 'detail');

/** The timeline event a line was written with (the line names its `seq`). */
const eventOf = (registrationId: string, seq: unknown) =>
  stack.db('case_events').where({ registration_id: registrationId, seq }).first('type', 'actor_id');

async function expectOneLine(
  registrationId: string,
  action: string,
  actor: User,
  event: string,
  detail: Record<string, unknown> = {},
) {
  const lines = await linesOf(registrationId, action);
  expect(lines, action).toHaveLength(1);
  expect(lines[0]).toMatchObject({ actor_id: actor.id, actor_role: actor.actor.role, detail });
  expect(await eventOf(registrationId, lines[0]!.detail.seq)).toEqual({ type: event, actor_id: actor.id });
}

describe('a command carried out by the case’s workflow', () => {
  it('is audited with its effect even when nobody writes a line after the Update', async () => {
    // Sent as the API sends them, but no route is left to write anything once the Update answers.
    const { registrationId } = await caseInModeration(stack);
    await commands.claim(registrationId, lyon.actor);
    await expectOneLine(registrationId, 'case.claimed', lyon, 'claimed');
    await commands.release(registrationId, lyon.actor);
    await expectOneLine(registrationId, 'case.released', lyon, 'released', { holderId: lyon.id });
    await commands.assign(registrationId, supervisor.actor, { userId: lyon.id, officeId: 'caf-69' });
    await expectOneLine(registrationId, 'case.assigned', supervisor, 'assigned', { holderId: lyon.id });
    await commands.reassign(registrationId, supervisor.actor, {
      toOfficeId: 'caf-75',
      targetWorkingDays: 10,
      reason: null,
    });
    await expectOneLine(registrationId, 'case.reassigned', supervisor, 'reassigned', {
      from: 'caf-69',
      to: 'caf-75',
    });
    await commands.claim(registrationId, paris.actor);
    await commands.decide(registrationId, { actor: paris.actor, kind: 'approve', messageId: null });
    await expectOneLine(registrationId, 'case.approve', paris, 'approved', { messageId: null });
    expect(await linesOf(registrationId, 'case.claimed')).toHaveLength(2);
  });

  it('through the API: one line per command, with the decision’s reason code and never its words', async () => {
    const { registrationId } = await caseInModeration(stack);
    const token = await api.login(lyon.email, TEST_PASSWORD);
    expect((await api.post(`/api/staff/cases/${registrationId}/claim`, {}, token)).status).toBe(200);
    const message = 'Le numéro d’agrément ne correspond pas à celui de l’arrêté.';
    const decided = await api.post(
      `/api/staff/cases/${registrationId}/decision`,
      { kind: 'request_correction', reasonCode: 'incorrect', message, fields: ['agrement'] },
      token,
    );
    expect(decided.status).toBe(200);
    await expectOneLine(registrationId, 'case.claimed', lyon, 'claimed');
    await expectOneLine(registrationId, 'case.request_correction', lyon, 'correction_requested', {
      reasonCode: 'incorrect',
    });
    const all = await stack.db('audit_log').where({ target_id: registrationId }).pluck('detail');
    expect(JSON.stringify(all)).not.toContain('agrément');
  });

  it('is written once when the activity runs again after its commit', async () => {
    const { registrationId } = await caseInModeration(stack);
    failAfterCommit.add(`${registrationId} claimed`);
    await commands.claim(registrationId, lyon.actor);
    expect(attempts.get(`${registrationId} claimed`)).toBe(2);
    await expectOneLine(registrationId, 'case.claimed', lyon, 'claimed');
    expect(
      await stack.db('case_events').where({ registration_id: registrationId, type: 'claimed' }),
    ).toHaveLength(1);
  });

  it('a bulk reassignment: one line per case moved, naming the bulk', async () => {
    const ids = await casesInModeration(stack, 3, { departement: '69' });
    const token = await api.login(supervisor.email, TEST_PASSWORD);
    const started = await api.post(
      '/api/supervision/reassignments',
      { toOfficeId: 'caf-75', selection: { kind: 'cases', ids } },
      token,
    );
    expect(started.status).toBe(202);
    await waitFor('la fin de la réaffectation', 30_000, async () => {
      const report = (await api.get(`/api/supervision/reassignments/${started.body.id}`, token)).body;
      if (report.status !== 'completed') throw new Error(report.status);
    });
    for (const id of ids)
      await expectOneLine(id, 'case.reassigned', supervisor, 'reassigned', {
        from: 'caf-69',
        to: 'caf-75',
        reason: `bulk-reassignment:${started.body.id}`,
      });
  });

  it('a decision on a change to her published profile', async () => {
    const { owner, registrationId } = await activeChildminder(stack, lyon.actor, { policy: policyWith([]) });
    const change = await changeSection(stack, registrationId, owner.actor, 'agrement', {
      ...registrationFor().agrement,
      capacity: 4,
    });
    expect(change.outcome).toBe('pending');
    await waitForStatus(stack.db, registrationId, 'change_in_moderation');
    await commands.claim(registrationId, lyon.actor);
    await commands.decide(registrationId, { actor: lyon.actor, kind: 'approve', messageId: null });
    const lines = await linesOf(registrationId, 'case.approve');
    expect(lines).toHaveLength(2); // her registration's, then her change's
    expect(lines[1]).toMatchObject({ actor_id: lyon.id, detail: { changeId: expect.any(String) } });
    expect(await eventOf(registrationId, lines[1]!.detail.seq)).toEqual({
      type: 'change_approved',
      actor_id: lyon.id,
    });
  });

  it('leaves the chain whole', async () => {
    expect(await verifyAuditChain(stack.db)).toMatchObject({ ok: true });
  });
});

/** The audit lines of one action on one copy of her agrément. */
const documentLines = (documentId: string, action: string) =>
  stack
    .db('audit_log')
    .where({ target_type: 'document', target_id: documentId, action })
    .select('actor_id', 'actor_role', 'detail');

describe('her own commands, carried out by her case’s workflows', () => {
  it('her copies, her submission and her resubmission: one line each, with its event, nobody writing after the Update', async () => {
    const owner = await createUser(stack.db);
    const registrationId = await insertRegistration(stack.db, owner.id, registrationFor());
    const good = await placeUpload(stack.db, stack.storage, registrationId, await samplePdf());
    const spare = await placeUpload(stack.db, stack.storage, registrationId, await samplePdf());
    const bad = await placeUpload(stack.db, stack.storage, registrationId, notAPdf());
    for (const id of [good, spare, bad])
      await commands.attachDocument(registrationId, owner.id, owner.actor, id);
    await commands.removeDocument(registrationId, owner.actor, spare);
    for (const [id, action, event, detail] of [
      [good, 'document.accepted', 'document_accepted', {}],
      [spare, 'document.removed', 'document_removed', {}],
      [bad, 'document.refused', 'document_refused', { reason: expect.any(String) }],
    ] as const) {
      const lines = await documentLines(id, action);
      expect(lines, action).toEqual([
        {
          actor_id: owner.id,
          actor_role: 'childminder',
          detail: { registrationId, seq: expect.any(Number), ...detail },
        },
      ]);
      expect(await eventOf(registrationId, lines[0]!.detail.seq)).toEqual({
        type: event,
        actor_id: owner.id,
      });
    }

    // Her submission's line is written once, though its transition ran twice (failed after its commit).
    failAfterCommit.add(`${registrationId} submitted`);
    await commands.submit(registrationId, owner.id, owner.actor);
    await waitForStatus(stack.db, registrationId, 'in_moderation');
    expect(attempts.get(`${registrationId} submitted`)).toBe(2);
    await expectOneLine(registrationId, 'registration.submitted', owner, 'submitted');

    const moderator = await api.login(lyon.email, TEST_PASSWORD);
    expect((await api.post(`/api/staff/cases/${registrationId}/claim`, {}, moderator)).status).toBe(200);
    const correction = {
      kind: 'request_correction',
      reasonCode: 'incorrect',
      message: 'La copie de l’arrêté est illisible.',
      fields: ['agrement'],
    };
    const decided = await api.post(`/api/staff/cases/${registrationId}/decision`, correction, moderator);
    expect(decided.status).toBe(200);
    await waitForStatus(stack.db, registrationId, 'correction_requested');
    await commands.resubmit(registrationId, owner.actor);
    await waitFor('sa ligne « déposé à nouveau »', 15_000, async () => {
      if ((await linesOf(registrationId, 'registration.resubmitted')).length === 0)
        throw new Error('pas encore');
    });
    await expectOneLine(registrationId, 'registration.resubmitted', owner, 'resubmitted');
  });

  it('her changes to her published profile: applied, sent to the CAF, her availability, each line with its event', async () => {
    const { owner, registrationId } = await activeChildminder(stack, lyon.actor, { policy: policyWith([]) });
    const token = await api.login(owner.email, TEST_PASSWORD);
    const profile = `/api/registrations/${registrationId}/profile`;
    const contact = { ...registrationFor().contact, phone: '07 01 02 03 04' };
    expect((await api.put(`${profile}/sections/contact`, contact, token)).body.outcome).toBe('applied');
    await expectOneLine(registrationId, 'profile.changed', owner, 'profile_updated', { section: 'contact' });
    expect((await api.post(`${profile}/availability/full`, {}, token)).status).toBe(200);
    await expectOneLine(registrationId, 'availability.declared', owner, 'availability_declared', {
      status: 'full',
    });
    const agrement = { ...registrationFor().agrement, capacity: 3 };
    expect((await api.put(`${profile}/sections/agrement`, agrement, token)).body.outcome).toBe('pending');
    await expectOneLine(registrationId, 'profile.change_proposed', owner, 'change_submitted', {
      section: 'agrement',
      changeId: expect.any(String),
      reasons: expect.arrayContaining([expect.any(String)]),
    });
    const all = await stack.db('audit_log').where({ target_id: registrationId }).pluck('detail');
    expect(JSON.stringify(all)).not.toContain('07 01 02 03 04');
  });

  it('leaves the chain whole', async () => {
    expect(await verifyAuditChain(stack.db)).toMatchObject({ ok: true });
  });
});
