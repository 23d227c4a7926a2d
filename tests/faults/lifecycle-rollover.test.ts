/**
 * A long life of edits: 700 scripted profile edits on one childminder, months before her next
 * declaration deadline, roll her lifecycle over to new runs whenever Temporal suggests it (no run
 * near the 50K-event or the per-run Update limits), and
 * she can still edit and declare afterwards. With the default policy, edits are limited per day,
 * with a French message, and a refused edit leaves her profile as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/case-rules.ts';
import { CHANGE_RULES } from '../../domain/profile-changes.ts';
import { DEFAULT_LIFECYCLE_POLICY, type RegistrationPolicy } from '../../domain/policy.ts';
import { childminderWorkflowId } from '../../workflows/childminder.ts';
import { apiClient } from '../support/api-client.ts';
import { activeChildminder, changeSection, publishedProfile } from '../support/childminder.ts';
import { createUser, registrationFor } from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';
import { setUpFile, TEST_POLICY, type FileStack } from '../support/stack.ts';
import { inBatches } from './support/cases.ts';

/** About 5,600 events at eight a lean edit: past the 4,096 at which Temporal suggests a new run. */
const EDITS = 700;
/** Far below Temporal's 50K events, and below the 2,000 Updates a run accepts. */
const EVENTS_PER_RUN_BOUND = 10_000;

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let moderator: Actor;

beforeAll(async () => {
  stack = await setUpFile('faults-lifecycle-rollover', { api: true });
  api = apiClient(stack.apiUrl);
  moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
});
afterAll(() => stack?.teardown());

/** The legal calendar: the run waits for the next 1 June or 1 December, months away. */
function lifecyclePolicy(maxChangesPerDay?: number): RegistrationPolicy {
  return {
    ...TEST_POLICY,
    lifecycle: { ...DEFAULT_LIFECYCLE_POLICY, ...(maxChangesPerDay ? { maxChangesPerDay } : {}) },
  };
}

/** The i-th phone number of the script: 06 00 00 01 23 for 123. */
function phone(i: number): string {
  const digits = String(i).padStart(8, '0');
  return `06 ${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4, 6)} ${digits.slice(6)}`;
}

describe('a lifecycle with many edits', () => {
  it('rolls 700 edits over to new runs, each run small, and she can still edit and declare', async () => {
    const { registrationId, owner } = await activeChildminder(stack, moderator, {
      policy: lifecyclePolicy(EDITS + 10),
    });
    const edits = Array.from({ length: EDITS }, (_, i) => i + 1);
    // Four at a time, as a script would; each edit published at once.
    await inBatches(edits, 4, (i) =>
      changeSection(stack, registrationId, owner.actor, 'contact', {
        ...registrationFor().contact,
        phone: phone(i),
      }),
    );

    const workflowId = childminderWorkflowId(registrationId);
    const runs = [];
    for await (const run of stack.temporal.workflow.list({ query: `WorkflowId = "${workflowId}"` }))
      runs.push(run);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (const run of runs) expect(run.historyLength).toBeLessThan(EVENTS_PER_RUN_BOUND);
    expect(runs.filter((run) => run.status.name === 'RUNNING')).toHaveLength(1);
    const updated = await stack
      .db('case_events')
      .where({ registration_id: registrationId, type: 'profile_updated' })
      .count({ n: '*' });
    expect(updated).toEqual([{ n: String(EDITS) }]);

    // She carries on, through the API, in the latest run.
    const token = await sessionFor(stack.db, owner);
    const profile = `/api/registrations/${registrationId}/profile`;
    const last = await api.put(
      `${profile}/sections/contact`,
      { ...registrationFor().contact, phone: '07 99 99 99 99' },
      token,
    );
    expect(last.status).toBe(200);
    expect((await publishedProfile(stack, registrationId)).phone).toBe('07 99 99 99 99');
    const full = await api.post(`${profile}/availability/full`, {}, token);
    expect(full.status).toBe(200);
    expect(
      (await stack.db('declaration_status').where({ registration_id: registrationId }).first())
        .availability_status,
    ).toBe('full');
    console.log(
      `${EDITS} modifications : ${runs.length} exécutions, ${Math.max(...runs.map((run) => run.historyLength))} événements au plus par exécution`,
    );
  }, 300_000);

  it('limits her edits per day, says so in French, and leaves her profile as it was', async () => {
    const { registrationId, owner } = await activeChildminder(stack, moderator, {
      policy: lifecyclePolicy(3),
    });
    const token = await sessionFor(stack.db, owner);
    const path = `/api/registrations/${registrationId}/profile/sections/contact`;
    for (const i of [1, 2, 3])
      expect((await api.put(path, { ...registrationFor().contact, phone: phone(i) }, token)).status).toBe(
        200,
      );
    const refused = await api.put(path, { ...registrationFor().contact, phone: phone(4) }, token);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'too_many_changes', detail: CHANGE_RULES.too_many_changes });
    expect(refused.body.detail).toMatch(/demain/);
    expect((await publishedProfile(stack, registrationId)).phone).toBe(phone(3));
    expect(
      await stack.db('profile_changes').where({ registration_id: registrationId, status: 'proposed' }),
    ).toEqual([]);
  });
});
