/**
 * What one availability declaration costs Temporal, counted (never timed): an active childminder
 * declares « complète » then « indisponible » as the API makes it (her lifecycle's `changeProfile`
 * Update), her lifecycle's history read before and after, the difference held to the budget below.
 * bench/declarations.ts prints the same figures with the rates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/case-rules.ts';
import { childminderWorkflowId } from '../../workflows/childminder.ts';
import { activeChildminder, changeSection } from '../support/childminder.ts';
import { createUser, registrationFor } from '../support/fixtures.ts';
import { historyCost, type HistoryCost } from '../support/history-cost.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

/**
 * Budget of one declaration. Before the lean lifecycle: 30 events, 5 workflow tasks, 4 activities
 * and an upsert. Lean: the Update (accepted, completed), one workflow task (three events), its four
 * steps as local activities (a marker each), no upsert (what operators see does not change): 9
 * events. Seen in CI: one of the two came with a timer of her lifecycle re-armed or an extra workflow
 * task (an Update arriving while another task ran): budgets on the mean of the two, with that room.
 */
export const DECLARATION_BUDGET = { events: 10.5, workflowTasks: 1.5, activities: 0, upserts: 0 };

let stack: FileStack;
let moderator: Actor;

beforeAll(async () => {
  stack = await setUpFile('declaration-cost');
  moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
});
afterAll(() => stack?.teardown());

describe('one availability declaration', () => {
  it('stays within its budget of history events, workflow tasks, activities and upserts', async () => {
    const { owner, registrationId } = await activeChildminder(stack, moderator);
    const handle = stack.temporal.workflow.getHandle(childminderWorkflowId(registrationId));
    const declare = async (status: 'full' | 'unavailable') => {
      const declared = await changeSection(stack, registrationId, owner.actor, 'availability', {
        ...registrationFor().availability,
        status,
      });
      expect(declared.outcome).toBe('applied');
    };
    // The first one of a run also shows operators her status once (an upsert), and her lifecycle
    // has set its timers by its answer: counted from the second on.
    await declare('full');
    const before = historyCost(await handle.fetchHistory());
    const declarations = ['unavailable', 'full'] as const;
    for (const status of declarations) await declare(status);
    const after = historyCost(await handle.fetchHistory());
    const each = (key: keyof HistoryCost) => (after[key] - before[key]) / declarations.length;
    console.log(
      `Coût d’une déclaration : ${JSON.stringify(Object.fromEntries(Object.keys(after).map((k) => [k, each(k as keyof HistoryCost)])))}`,
    );
    expect(each('updates')).toBe(1);
    expect(each('events')).toBeLessThanOrEqual(DECLARATION_BUDGET.events);
    expect(each('workflowTasks')).toBeLessThanOrEqual(DECLARATION_BUDGET.workflowTasks);
    expect(each('activities')).toBeLessThanOrEqual(DECLARATION_BUDGET.activities);
    expect(each('upserts')).toBeLessThanOrEqual(DECLARATION_BUDGET.upserts);
    // What she declared is what her page and the search say.
    const status = await stack.db('declaration_status').where({ registration_id: registrationId }).first();
    expect(status.availability_status).toBe('full');
    expect(
      await stack
        .db('case_events')
        .where({ registration_id: registrationId, type: 'availability_declared' })
        .count<Array<{ n: string }>>({ n: '*' }),
    ).toEqual([{ n: '3' }]);
  });
});
