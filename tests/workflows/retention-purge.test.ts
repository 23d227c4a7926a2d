/**
 * The retention policy's purge of a rejected case, on the real stack with a two-second appeal
 * period from the policy: the registration ends as before, its purge waits out the period as a
 * durable timer, then removes the stored copies and her identity, audits it, and keeps the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCommands } from '../../api/cases/commands.ts';
import type { Actor } from '../../domain/case-rules.ts';
import { DEFAULT_RETENTION_POLICY } from '../../domain/retention.ts';
import { registrationWorkflowId } from '../../workflows/registration.ts';
import { retentionPurgeWorkflowId } from '../../workflows/retention-purge.ts';
import {
  createUser,
  insertRegistration,
  placeUpload,
  registrationFor,
  samplePdf,
  storedKeys,
  waitForStatus,
} from '../support/fixtures.ts';
import { setUpFile, TEST_POLICY, type FileStack } from '../support/stack.ts';

const APPEAL_MS = 2000;
let stack: FileStack;
let moderator: Actor;

beforeAll(async () => {
  stack = await setUpFile('retention-purge', {
    policy: { ...TEST_POLICY, retention: { ...DEFAULT_RETENTION_POLICY, rejectedAppealMs: APPEAL_MS } },
  });
  moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
});
afterAll(() => stack?.teardown());

const purged = (registrationId: string) =>
  stack
    .db('audit_log')
    .where({ target_id: registrationId, action: 'retention.rejected_case_purged' })
    .first('detail');

describe('a rejected case after the appeal period', () => {
  it('loses its stored copies and her identity, keeps its decision, timeline and audit log', async () => {
    const commands = caseCommands(stack.deps);
    const owner = await createUser(stack.db);
    const registrationId = await insertRegistration(stack.db, owner.id, registrationFor());
    const documentId = await placeUpload(stack.db, stack.storage, registrationId, await samplePdf());
    await commands.attachDocument(registrationId, owner.id, owner.actor, documentId);
    await commands.submit(registrationId, owner.id, owner.actor);
    await waitForStatus(stack.db, registrationId, 'in_moderation');
    await commands.claim(registrationId, moderator);
    await stack.db('audit_log').insert({
      actor_id: moderator.userId,
      actor_role: 'moderator',
      action: 'case.decided',
      target_type: 'registration',
      target_id: registrationId,
    });
    await commands.decide(registrationId, { actor: moderator, kind: 'reject', messageId: null });
    const registration = stack.temporal.workflow.getHandle(registrationWorkflowId(registrationId));
    expect(await registration.result()).toBe('rejected');
    const purge = stack.temporal.workflow.getHandle(
      retentionPurgeWorkflowId('rejected_case', registrationId),
    );
    await purge.result();
    // The appeal period of the policy, as one durable timer.
    const timers = (await purge.fetchHistory()).events!.filter((e) => e.timerStartedEventAttributes);
    expect(timers.map((e) => Number(e.timerStartedEventAttributes!.startToFireTimeout!.seconds))).toEqual([
      APPEAL_MS / 1000,
    ]);
    expect((await purged(registrationId))?.detail).toEqual({ documents: 1 });
    expect(await storedKeys(stack.db, stack.storage, registrationId)).toEqual([]);
    const row = await stack.db('registrations').where({ id: registrationId }).first('identity', 'agrement');
    expect(row.identity).toBeNull();
    expect(row.agrement).not.toBeNull();
    expect(await stack.db('documents').where({ registration_id: registrationId }).pluck('file_name')).toEqual(
      ['supprimé'],
    );
    const kase = await stack.db('cases').where({ registration_id: registrationId }).first('status');
    expect(kase.status).toBe('rejected');
    const events = await stack.db('case_events').where({ registration_id: registrationId }).pluck('type');
    expect(events).toContain('rejected');
    // Kept: every line before the purge (her submission, the moderator's claim and rejection, written
    // with their transitions, and the decision this test wrote), and the purge's own line, last.
    const actions = await stack
      .db('audit_log')
      .where({ target_id: registrationId })
      .orderBy('id')
      .pluck('action');
    expect([...actions].sort()).toEqual(
      [
        'registration.submitted',
        'case.claimed',
        'case.decided',
        'case.reject',
        'retention.rejected_case_purged',
      ].sort(),
    );
    expect(actions.at(-1)).toBe('retention.rejected_case_purged');

    await stack.keepHistory(registration);
    await stack.keepHistory(purge);
  });

  it('replays its histories deterministically', async () => {
    const { count, failures } = await stack.replayKeptHistories();
    expect(count).toBe(2);
    expect(failures).toEqual([]);
  });
});
