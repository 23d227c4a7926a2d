/**
 * The report of a bulk reassignment, case by case: a case already in the target office and one
 * decided meanwhile are left in place with their reason, a case whose process is gone fails, a held
 * case moves and is released; sending a case again never moves it twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reassignmentActivities } from '../../activities/reassignment.ts';
import { caseCommands } from '../../api/cases/commands.ts';
import { bulkReport, startBulkReassignment } from '../../api/supervision/reassignments.ts';
import { bulkReassignmentReason, bulkReassignmentWorkflowId } from '../../domain/bulk-reassignment.ts';
import type { Actor } from '../../domain/case-rules.ts';
import { NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import { createUser } from '../support/fixtures.ts';
import { casesInModeration } from '../support/supervision.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let supervisor: Actor;
let moderator: Actor;

beforeAll(async () => {
  stack = await setUpFile('bulk-reassignment-report');
  supervisor = (await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69', 'caf-75'] })).actor;
  moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
});
afterAll(() => stack?.teardown());

const caseRow = (id: string) => stack.db('cases').where({ registration_id: id }).first();

describe('the report of a bulk reassignment', () => {
  it('moves what it may and says why it left the others', async () => {
    const commands = caseCommands(stack.deps);
    const [held, waiting, decided, lost] = await casesInModeration(stack, 4, { departement: '69' });
    const [alreadyThere] = await casesInModeration(stack, 1, { departement: '75' });
    await commands.claim(held!, moderator);
    await commands.claim(decided!, moderator);
    await commands.decide(decided!, { actor: moderator, kind: 'approve', messageId: null });
    const lostCase = await caseRow(lost!);
    await stack.temporal.workflow.getHandle(lostCase.workflow_id).terminate('test : processus perdu');

    const { id } = await startBulkReassignment(stack.deps, supervisor, {
      toOfficeId: 'caf-75',
      selection: { kind: 'cases', ids: [held!, waiting!, decided!, lost!, alreadyThere!] },
    });
    const handle = stack.temporal.workflow.getHandle(bulkReassignmentWorkflowId(id));
    expect(await handle.result()).toEqual({ moved: 2, skipped: 2, failed: 1, not_processed: 0 });

    expect(await caseRow(held!)).toMatchObject({
      office_id: 'caf-75',
      holder_id: null,
      status: 'in_moderation',
    });
    expect(await caseRow(waiting!)).toMatchObject({ office_id: 'caf-75' });
    expect(await caseRow(decided!)).toMatchObject({ office_id: 'caf-69', status: 'active' });
    expect(await caseRow(lost!)).toMatchObject({ office_id: 'caf-69' });
    const report = await bulkReport(stack.db, supervisor, id);
    expect(report).toMatchObject({ status: 'completed', total: 5 });
    expect(
      Object.fromEntries(report.notMoved.map((item) => [item.registrationId, [item.outcome, item.reason]])),
    ).toEqual({
      [decided!]: ['skipped', 'case_closed'],
      [lost!]: ['failed', 'case_workflow_missing'],
      [alreadyThere!]: ['skipped', 'same_office'],
    });
    const event = await stack.db('case_events').where({ registration_id: held!, type: 'reassigned' }).first();
    expect(event.data).toEqual({ from: 'caf-69', to: 'caf-75', reason: bulkReassignmentReason(id) });
    expect(event.actor_id).toBe(supervisor.userId);
    await stack.keepHistory(handle);
    // Ids and codes only in its history: no name, no NIR.
    const history = JSON.stringify(await handle.fetchHistory());
    for (const secret of [NAMED_PEOPLE.camille.nir, NAMED_PEOPLE.camille.birthName])
      expect(history).not.toContain(secret);

    // The same case sent again by the same bulk (a retried activity): counted moved, never moved twice.
    const activities = reassignmentActivities({
      ...stack.deps,
      documentSandbox: stack.workers!.sandbox,
      sngiUrl: '',
      publicUrl: '',
    });
    const again = await activities.reassignBulkCase({
      bulkId: id,
      registrationId: waiting!,
      actor: supervisor,
      toOfficeId: 'caf-75',
    });
    expect(again).toBe('moved');
    expect(
      await stack
        .db('case_events')
        .where({ registration_id: waiting!, type: 'reassigned' })
        .count({ n: '*' }),
    ).toEqual([{ n: '1' }]);
  });

  it('replays every kept history deterministically', async () => {
    const { count, failures } = await stack.replayKeptHistories();
    expect(count).toBe(1);
    expect(failures).toEqual([]);
  });
});
