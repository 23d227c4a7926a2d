/**
 * What one registration costs Temporal, counted (never timed): a happy path from the draft to
 * active on the real dev server, its history read back, its events, workflow tasks and
 * search-attribute upserts held to the budgets below. bench/registrations.ts prints the same figures
 * with the rates; the README ("Benchmarks") says where they come from.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCommands } from '../../api/cases/commands.ts';
import type { Actor } from '../../domain/case-rules.ts';
import { registrationWorkflowId } from '../../workflows/registration.ts';
import {
  createUser,
  insertRegistration,
  placeUpload,
  registrationFor,
  samplePdf,
  waitForStatus,
} from '../support/fixtures.ts';
import { historyCost } from '../support/history-cost.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

/**
 * Budgets of one happy path, draft → active (the document check included). Before issue 10: 105
 * events, 15 workflow tasks, 11 upserts (5 of them the SDK's, one per patch marker). The lean case
 * makes 49, 6 and 3: its own two (routing, approval) and the SDK's for its one patch marker.
 */
export const REGISTRATION_BUDGET = { events: 49, workflowTasks: 6, caseUpserts: 2, upserts: 3 };

let stack: FileStack;
let moderator: Actor;

beforeAll(async () => {
  stack = await setUpFile('registration-cost');
  moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
});
afterAll(() => stack?.teardown());

describe('one registration, draft to active', () => {
  it('stays within its budget of history events, workflow tasks and upserts', async () => {
    const commands = caseCommands(stack.deps);
    const owner = await createUser(stack.db);
    const registrationId = await insertRegistration(stack.db, owner.id, registrationFor());
    const documentId = await placeUpload(stack.db, stack.storage, registrationId, await samplePdf());
    expect((await commands.attachDocument(registrationId, owner.id, owner.actor, documentId)).status).toBe(
      'accepted',
    );
    await commands.submit(registrationId, owner.id, owner.actor);
    await waitForStatus(stack.db, registrationId, 'in_moderation');
    await commands.claim(registrationId, moderator);
    expect(
      (await commands.decide(registrationId, { actor: moderator, kind: 'approve', messageId: null })).status,
    ).toBe('active');

    const handle = stack.temporal.workflow.getHandle(registrationWorkflowId(registrationId));
    expect(await handle.result()).toBe('active');
    const cost = historyCost(await handle.fetchHistory());
    console.log(`Coût d’une inscription : ${JSON.stringify(cost)}`);
    expect(cost.events).toBeLessThanOrEqual(REGISTRATION_BUDGET.events);
    expect(cost.workflowTasks).toBeLessThanOrEqual(REGISTRATION_BUDGET.workflowTasks);
    expect(cost.upserts - cost.patchUpserts).toBeLessThanOrEqual(REGISTRATION_BUDGET.caseUpserts);
    expect(cost.upserts).toBeLessThanOrEqual(REGISTRATION_BUDGET.upserts);
    // The same case as before: the projection and the timeline say so.
    expect(
      await stack.db('case_events').where({ registration_id: registrationId }).orderBy('seq').pluck('type'),
    ).toEqual(['document_accepted', 'submitted', 'identity_checked', 'routed', 'claimed', 'approved']);
    const row = await stack.db('cases').where({ registration_id: registrationId }).first();
    expect(row).toMatchObject({ status: 'active', office_id: 'caf-69', identity_outcome: 'certified' });
    await stack.keepHistory(handle);
    const { failures } = await stack.replayKeptHistories();
    expect(failures).toEqual([]);
  });
});
