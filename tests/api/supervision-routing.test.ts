/**
 * The routing table and offices' target times, edited by supervisors: every département has an
 * office; a change applies to new cases only, is kept in the history and audited; a supervisor
 * edits only between the offices she oversees; moderators cannot edit at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTEMENTS } from '../../domain/geography.ts';
import { workingDaysBetween } from '../../domain/working-days.ts';
import { apiClient } from '../support/api-client.ts';
import { createUser, TEST_PASSWORD } from '../support/fixtures.ts';
import { casesInModeration } from '../support/supervision.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let supervisor: Awaited<ReturnType<typeof createUser>>;
let both: string;
let onlyParis: string;

beforeAll(async () => {
  stack = await setUpFile('api-supervision-routing', { api: true });
  api = apiClient(stack.apiUrl);
  supervisor = await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69', 'caf-75'] });
  both = await api.login(supervisor.email, TEST_PASSWORD);
  onlyParis = await api.login(
    (await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-75'] })).email,
    TEST_PASSWORD,
  );
});
afterAll(() => stack?.teardown());

const officeOf = async (id: string) =>
  (await stack.db('cases').where({ registration_id: id }).first('office_id')).office_id;

describe('the routing table', () => {
  it('gives every served département an office, editable only between her offices', async () => {
    const { status, body } = await api.get('/api/supervision/routing', onlyParis);
    expect(status).toBe(200);
    expect(body).toHaveLength(DEPARTEMENTS.length);
    expect(body.filter((row: { officeId: string | null }) => !row.officeId)).toEqual([]);
    const row = (code: string) => body.find((r: { code: string }) => r.code === code);
    expect(row('75')).toMatchObject({ officeId: 'caf-75', editable: true });
    expect(row('69')).toMatchObject({ officeId: 'caf-69', editable: false });
  });

  it('sends new cases of a département to the new office; open cases stay where they are', async () => {
    const [before] = await casesInModeration(stack, 1, { departement: '01' });
    expect(await officeOf(before!)).toBe('caf-69');

    const changed = await api.put('/api/supervision/routing/01', { officeId: 'caf-75' }, both);
    expect(changed).toMatchObject({ status: 200, body: { code: '01', officeId: 'caf-75' } });

    const [after] = await casesInModeration(stack, 1, { departement: '01' });
    expect(await officeOf(after!)).toBe('caf-75');
    expect(await officeOf(before!)).toBe('caf-69');

    const history = await api.get('/api/supervision/routing/changes?departement=01', both);
    expect(history.body).toHaveLength(1);
    expect(history.body[0]).toMatchObject({
      departement: '01',
      fromOfficeId: 'caf-69',
      toOfficeId: 'caf-75',
      changedByName: 'supervisor de test',
    });
    const audit = await stack.db('audit_log').where({ action: 'routing.changed', target_id: '01' }).first();
    expect(audit).toMatchObject({ actor_id: supervisor.id, actor_role: 'supervisor' });
    expect(audit.detail).toEqual({ from: 'caf-69', to: 'caf-75' });
  });

  it('refuses a change to the same office, next to the field', async () => {
    const response = await api.put('/api/supervision/routing/75', { officeId: 'caf-75' }, both);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('routing_unchanged');
    expect(response.body.errors).toEqual([
      { path: 'officeId', message: expect.stringMatching(/déjà routé/) },
    ]);
  });

  it('refuses offices she does not oversee, unknown offices and départements', async () => {
    const fromOther = await api.put('/api/supervision/routing/69', { officeId: 'caf-75' }, onlyParis);
    expect(fromOther).toMatchObject({ status: 403, body: { code: 'office_not_overseen' } });
    const toOther = await api.put('/api/supervision/routing/75', { officeId: 'caf-13' }, onlyParis);
    expect(toOther).toMatchObject({ status: 403, body: { code: 'office_not_overseen' } });
    const unknownOffice = await api.put('/api/supervision/routing/75', { officeId: 'caf-00' }, both);
    expect(unknownOffice.status).toBe(422);
    expect(unknownOffice.body.errors[0].path).toBe('officeId');
    const missingOffice = await api.put('/api/supervision/routing/75', {}, both);
    expect(missingOffice.body.errors[0]).toEqual({ path: 'officeId', message: 'Choisissez une CAF.' });
    expect((await api.put('/api/supervision/routing/00', { officeId: 'caf-75' }, both)).status).toBe(404);
    expect(await stack.db('routing').where({ departement_code: '69' }).first('office_id')).toEqual({
      office_id: 'caf-69',
    });
  });

  it('refuses moderators', async () => {
    const moderator = await api.login(
      (await createUser(stack.db, { role: 'moderator', officeId: 'caf-75' })).email,
      TEST_PASSWORD,
    );
    expect((await api.get('/api/supervision/routing', moderator)).status).toBe(403);
    const response = await api.put('/api/supervision/routing/75', { officeId: 'caf-69' }, moderator);
    expect(response).toMatchObject({ status: 403, body: { code: 'forbidden' } });
  });
});

describe('an office’s target handling time', () => {
  it('is set by a supervisor of the office, audited, and gives new cases their due date', async () => {
    const response = await api.put('/api/supervision/offices/caf-69', { targetWorkingDays: 15 }, both);
    expect(response).toMatchObject({ status: 200, body: { id: 'caf-69', targetWorkingDays: 15 } });
    const audit = await stack
      .db('audit_log')
      .where({ action: 'office.target_changed', target_id: 'caf-69' })
      .first();
    expect(audit.detail).toEqual({ from: 10, to: 15 });

    const [routed] = await casesInModeration(stack, 1, { departement: '69' });
    const kase = await stack.db('cases').where({ registration_id: routed! }).first();
    const event = await stack.db('case_events').where({ registration_id: routed!, type: 'routed' }).first();
    expect(workingDaysBetween(new Date(event.at), new Date(kase.due_at))).toBe(15);
  });

  it('refuses another office’s supervisor, and a target out of bounds', async () => {
    const other = await api.put('/api/supervision/offices/caf-69', { targetWorkingDays: 5 }, onlyParis);
    expect(other).toMatchObject({ status: 403, body: { code: 'office_not_overseen' } });
    const zero = await api.put('/api/supervision/offices/caf-75', { targetWorkingDays: 0 }, both);
    expect(zero.status).toBe(422);
    expect(zero.body.errors[0].path).toBe('targetWorkingDays');
    expect((await api.get('/api/supervision/offices', both)).body).toContainEqual({
      id: 'caf-75',
      name: expect.any(String),
      targetWorkingDays: 10,
      overseen: true,
    });
  });
});
