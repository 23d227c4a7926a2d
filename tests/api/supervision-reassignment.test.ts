/**
 * Bulk reassignment through the API: choosing cases by filter or by ticking them, following the
 * progress to the report, stopping; refusals for other offices, moderators and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../stack/wait.ts';
import { apiClient } from '../support/api-client.ts';
import { createUser, TEST_PASSWORD } from '../support/fixtures.ts';
import { casesInModeration } from '../support/supervision.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let supervisor: Awaited<ReturnType<typeof createUser>>;
let token: string;
let ids: string[];

beforeAll(async () => {
  stack = await setUpFile('api-supervision-reassignment', { api: true });
  api = apiClient(stack.apiUrl);
  supervisor = await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69', 'caf-75'] });
  token = await api.login(supervisor.email, TEST_PASSWORD);
  ids = await casesInModeration(stack, 6, { departement: '69' });
});
afterAll(() => stack?.teardown());

async function finished(id: string) {
  let report: { status: string } & Record<string, unknown> = { status: 'selecting' };
  await waitFor('la fin de la réaffectation', 30_000, async () => {
    report = (await api.get(`/api/supervision/reassignments/${id}`, token)).body;
    if (!['completed', 'cancelled', 'failed'].includes(report.status)) throw new Error(report.status);
  });
  return report;
}

describe('a bulk reassignment through the API', () => {
  it('lists the cases a filter selects, then moves every one of them', async () => {
    const list = await api.get('/api/supervision/cases?offices=caf-69&limit=4', token);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(6);
    expect(list.body.items).toHaveLength(4);
    expect(list.body.next).not.toBeNull();

    const started = await api.post(
      '/api/supervision/reassignments',
      { toOfficeId: 'caf-75', selection: { kind: 'filter', filter: { offices: ['caf-69'] } } },
      token,
    );
    expect(started.status).toBe(202);
    const report = await finished(started.body.id);
    expect(report).toMatchObject({
      status: 'completed',
      total: 6,
      toOfficeId: 'caf-75',
      counts: { moved: 6, skipped: 0, failed: 0, not_processed: 0 },
      notMoved: [],
      startedByName: 'supervisor de test',
    });
    expect((await api.get('/api/supervision/cases?offices=caf-69', token)).body.total).toBe(0);
    const audit = await stack
      .db('audit_log')
      .where({ action: 'bulk_reassignment.started', target_id: started.body.id })
      .first();
    expect(audit.actor_id).toBe(supervisor.id);
    expect(audit.detail).toMatchObject({ toOfficeId: 'caf-75', filter: { offices: ['caf-69'] } });
    const listed = await api.get('/api/supervision/reassignments', token);
    expect(listed.body[0]).toMatchObject({ id: started.body.id, status: 'completed' });
  });

  it('moves the ticked cases only, and refuses to stop a finished one', async () => {
    const started = await api.post(
      '/api/supervision/reassignments',
      { toOfficeId: 'caf-69', selection: { kind: 'cases', ids: ids.slice(0, 2) } },
      token,
    );
    const report = await finished(started.body.id);
    expect(report).toMatchObject({ status: 'completed', counts: { moved: 2 } });
    const offices = await stack.db('cases').whereIn('registration_id', ids).pluck('office_id');
    expect(offices.filter((o) => o === 'caf-69')).toHaveLength(2);
    const cancel = await api.post(`/api/supervision/reassignments/${started.body.id}/cancel`, {}, token);
    expect(cancel).toMatchObject({ status: 409, body: { code: 'bulk_finished' } });
  });

  it('explains bad input next to the field', async () => {
    const empty = await api.post(
      '/api/supervision/reassignments',
      { toOfficeId: 'caf-75', selection: { kind: 'cases', ids: [] } },
      token,
    );
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toEqual([{ path: 'selection.ids', message: expect.stringMatching(/Cochez/) }]);
    const badFilter = await api.post(
      '/api/supervision/reassignments',
      { toOfficeId: 'caf-75', selection: { kind: 'filter', filter: { minAgeDays: 'dix' } } },
      token,
    );
    expect(badFilter.status).toBe(422);
    expect(badFilter.body.errors[0].path).toBe('selection.filter.minAgeDays');
    const noTarget = await api.post(
      '/api/supervision/reassignments',
      { selection: { kind: 'cases', ids } },
      token,
    );
    expect(noTarget.body.errors[0]).toEqual({
      path: 'toOfficeId',
      message: 'Choisissez la CAF de destination.',
    });
    const nothing = await api.post(
      '/api/supervision/reassignments',
      {
        toOfficeId: 'caf-75',
        selection: { kind: 'filter', filter: { offices: ['caf-69'], minAgeDays: 30 } },
      },
      token,
    );
    expect(nothing).toMatchObject({ status: 422, body: { code: 'empty_selection' } });
  });

  it('keeps other offices’ supervisors and moderators out', async () => {
    const [bulk] = await stack.db('bulk_reassignments').pluck('id');
    const marseille = await api.login(
      (await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-13'] })).email,
      TEST_PASSWORD,
    );
    expect((await api.get(`/api/supervision/reassignments/${bulk}`, marseille)).status).toBe(404);
    expect((await api.post(`/api/supervision/reassignments/${bulk}/cancel`, {}, marseille)).status).toBe(404);
    expect((await api.get('/api/supervision/reassignments', marseille)).body).toEqual([]);
    const toOther = await api.post(
      '/api/supervision/reassignments',
      { toOfficeId: 'caf-69', selection: { kind: 'cases', ids } },
      marseille,
    );
    expect(toOther).toMatchObject({ status: 403, body: { code: 'office_not_overseen' } });
    // Her filter never reaches beyond her offices: nothing to move.
    const foreign = await api.post(
      '/api/supervision/reassignments',
      { toOfficeId: 'caf-13', selection: { kind: 'filter', filter: { offices: ['caf-69', 'caf-75'] } } },
      marseille,
    );
    expect(foreign).toMatchObject({ status: 422, body: { code: 'empty_selection' } });
    // Nor do the cases she might tick from elsewhere.
    const ticked = await api.post(
      '/api/supervision/reassignments',
      { toOfficeId: 'caf-13', selection: { kind: 'cases', ids } },
      marseille,
    );
    expect(ticked).toMatchObject({ status: 422, body: { code: 'empty_selection' } });
    expect(await stack.db('cases').whereIn('registration_id', ids).where({ office_id: 'caf-13' })).toEqual(
      [],
    );

    const moderator = await api.login(
      (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).email,
      TEST_PASSWORD,
    );
    expect((await api.get('/api/supervision/reassignments', moderator)).status).toBe(403);
    expect((await api.get('/api/supervision/cases', moderator)).status).toBe(403);
  });
});
