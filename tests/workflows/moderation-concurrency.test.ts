/**
 * Two people acting on one case at the same moment, on the real dev server: one wins, the other
 * gets a clear refusal, and the projection tells the same story as the workflow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCommands } from '../../api/cases/commands.ts';
import { registrationWorkflowId, caseQuery } from '../../workflows/registration.ts';
import { apiClient, type ApiResponse } from '../support/api-client.ts';
import { createUser } from '../support/fixtures.ts';
import { caseInModeration, sessionFor } from '../support/moderation.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let commands: ReturnType<typeof caseCommands>;
let lyon: Array<{ id: string; token: string; actor: Awaited<ReturnType<typeof createUser>>['actor'] }>;
let supervisorToken: string;

beforeAll(async () => {
  stack = await setUpFile('moderation-concurrency', { api: true });
  api = apiClient(stack.apiUrl);
  commands = caseCommands(stack.deps);
  lyon = [];
  for (const name of ['Agnès', 'Bérénice']) {
    const user = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69', name });
    lyon.push({ id: user.id, token: await sessionFor(stack.db, user), actor: user.actor });
  }
  const supervisor = await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69', 'caf-13'] });
  supervisorToken = await sessionFor(stack.db, supervisor);
});
afterAll(() => stack?.teardown());

async function projection(registrationId: string) {
  return stack
    .db('cases')
    .where({ registration_id: registrationId })
    .first('status', 'office_id', 'holder_id');
}

/** The workflow's own view, to compare with the projection. */
async function workflowView(registrationId: string) {
  const handle = stack.temporal.workflow.getHandle(registrationWorkflowId(registrationId));
  return handle.query(caseQuery);
}

function split(responses: ApiResponse[]) {
  return {
    won: responses.filter((r) => r.status === 200),
    lost: responses.filter((r) => r.status !== 200),
  };
}

describe('two moderators at once', () => {
  it('lets one of two moderators claim a case, and tells the other who was quicker', async () => {
    const { registrationId } = await caseInModeration(stack);
    const responses = await Promise.all(
      lyon.map((m) => api.post(`/api/staff/cases/${registrationId}/claim`, {}, m.token)),
    );
    const { won, lost } = split(responses);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.status).toBe(409);
    expect(lost[0]!.body.code).toBe('held_by_other');
    expect(lost[0]!.body.detail).toMatch(/pris en charge par une autre personne/);
    const winner = lyon[responses.indexOf(won[0]!)]!;
    expect((await projection(registrationId)).holder_id).toBe(winner.id);
    expect((await workflowView(registrationId)).holderId).toBe(winner.id);
    await stack.keepHistory(stack.temporal.workflow.getHandle(registrationWorkflowId(registrationId)));
  });

  it('records one decision when two are sent at once (two tabs), and forgets the other’s message', async () => {
    const { registrationId } = await caseInModeration(stack);
    const holder = lyon[0]!;
    await commands.claim(registrationId, holder.actor);
    const responses = await Promise.all([
      api.post(`/api/staff/cases/${registrationId}/decision`, { kind: 'approve' }, holder.token),
      api.post(
        `/api/staff/cases/${registrationId}/decision`,
        { kind: 'reject', reasonCode: 'duplicate', message: 'Vous êtes déjà inscrite.' },
        holder.token,
      ),
    ]);
    const { won, lost } = split(responses);
    expect(won).toHaveLength(1);
    expect(lost[0]!.status).toBe(409);
    expect(['decision_in_progress', 'not_in_moderation']).toContain(lost[0]!.body.code);
    const status = won[0]!.body.status;
    expect(['active', 'rejected']).toContain(status);
    expect((await projection(registrationId)).status).toBe(status);
    expect((await workflowView(registrationId)).status).toBe(status);
    const messages = await stack.db('case_messages').where({ registration_id: registrationId });
    expect(messages).toHaveLength(status === 'rejected' ? 1 : 0);
    const decisions = await stack
      .db('audit_log')
      .where({ target_id: registrationId })
      .whereIn('action', ['case.approve', 'case.reject'])
      .pluck('action');
    expect(decisions).toEqual([status === 'active' ? 'case.approve' : 'case.reject']);
    await stack.keepHistory(stack.temporal.workflow.getHandle(registrationWorkflowId(registrationId)));
  });

  it('settles a decision racing a transfer to another office: exactly one happens', async () => {
    for (let round = 0; round < 3; round++) {
      const { registrationId } = await caseInModeration(stack);
      const holder = lyon[1]!;
      await commands.claim(registrationId, holder.actor);
      const [decision, transfer] = await Promise.all([
        api.post(`/api/staff/cases/${registrationId}/decision`, { kind: 'approve' }, holder.token),
        api.post(
          `/api/staff/cases/${registrationId}/reassign`,
          { officeId: 'caf-13', reason: 'Renfort' },
          supervisorToken,
        ),
      ]);
      expect([decision.status, transfer.status].filter((s) => s === 200)).toHaveLength(1);
      const kase = await projection(registrationId);
      const view = await workflowView(registrationId);
      const events = await stack
        .db('case_events')
        .where({ registration_id: registrationId })
        .orderBy('seq')
        .pluck('type');
      if (decision.status === 200) {
        expect(['decision_in_progress', 'not_in_moderation', 'case_closed']).toContain(transfer.body.code);
        expect(kase).toEqual({ status: 'active', office_id: 'caf-69', holder_id: holder.id });
        expect(events).not.toContain('reassigned');
      } else {
        // Refused by the workflow (no longer hers) or, once projected, by the API (another office's case).
        expect(['not_holder', 'wrong_office', 'not_found']).toContain(decision.body.code);
        expect(kase).toEqual({ status: 'in_moderation', office_id: 'caf-13', holder_id: null });
        expect(events).not.toContain('approved');
      }
      expect({ status: view.status, officeId: view.officeId, holderId: view.holderId }).toEqual({
        status: kase.status,
        officeId: kase.office_id,
        holderId: kase.holder_id,
      });
      await stack.keepHistory(stack.temporal.workflow.getHandle(registrationWorkflowId(registrationId)));
    }
  });

  it('replays every history kept above with today’s code', async () => {
    const { count, failures } = await stack.replayKeptHistories();
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(0);
  });
});
