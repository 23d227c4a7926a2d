/** Least privilege: a childminder sees only her case; a moderator only her office's; nobody anonymous. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCommands } from '../../api/cases/commands.ts';
import { apiClient } from '../support/api-client.ts';
import {
  createUser,
  insertRegistration,
  placeUpload,
  registrationFor,
  samplePdf,
  TEST_PASSWORD,
  waitForStatus,
} from '../support/fixtures.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let registrationId: string;
let owner: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  stack = await setUpFile('api-authorization', { api: true });
  api = apiClient(stack.apiUrl);
  owner = await createUser(stack.db);
  registrationId = await insertRegistration(stack.db, owner.id, registrationFor());
  const commands = caseCommands(stack.deps);
  const documentId = await placeUpload(stack.db, stack.storage, registrationId, await samplePdf());
  await commands.attachDocument(registrationId, owner.id, owner.actor, documentId);
  await commands.submit(registrationId, owner.id, owner.actor);
  await waitForStatus(stack.db, registrationId, 'in_moderation');
});
afterAll(() => stack?.teardown());

async function tokenOf(user: { email: string }) {
  return api.login(user.email, TEST_PASSWORD);
}

describe('who sees a case', () => {
  it('shows a childminder her own case', async () => {
    const response = await api.get(`/api/registrations/${registrationId}`, await tokenOf(owner));
    expect(response.status).toBe(200);
    expect(response.body.case.status).toBe('in_moderation');
  });

  it('answers 404 to another childminder, for reading as for writing', async () => {
    const token = await tokenOf(await createUser(stack.db));
    expect((await api.get(`/api/registrations/${registrationId}`, token)).status).toBe(404);
    expect(
      (await api.put(`/api/registrations/${registrationId}/sections/availability`, {}, token)).status,
    ).toBe(404);
    expect((await api.post(`/api/registrations/${registrationId}/submit`, {}, token)).status).toBe(404);
    const documents = await stack.db('documents').where({ registration_id: registrationId }).pluck('id');
    expect(
      (await api.get(`/api/registrations/${registrationId}/documents/${documents[0]}/content`, token)).status,
    ).toBe(404);
  });

  it('shows the case to a moderator of the pivot CAF, not to one of another office', async () => {
    const own = await tokenOf(await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' }));
    const other = await tokenOf(await createUser(stack.db, { role: 'moderator', officeId: 'caf-75' }));
    expect((await api.get(`/api/staff/cases/${registrationId}`, own)).status).toBe(200);
    expect((await api.get(`/api/staff/cases/${registrationId}`, other)).status).toBe(404);
    const queue = await api.get('/api/staff/cases', other);
    expect(queue.body.items.map((c: { id: string }) => c.id)).not.toContain(registrationId);
    const decision = await api.post(
      `/api/staff/cases/${registrationId}/decision`,
      { kind: 'approve' },
      other,
    );
    expect(decision.status).toBe(404);
    expect((await stack.db('cases').where({ registration_id: registrationId }).first()).status).toBe(
      'in_moderation',
    );
  });

  it('keeps staff routes from childminders and childminder routes from staff', async () => {
    expect((await api.get('/api/staff/cases', await tokenOf(owner))).status).toBe(403);
    const moderator = await tokenOf(await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' }));
    expect((await api.get(`/api/registrations/${registrationId}`, moderator)).status).toBe(403);
  });

  it('asks anonymous callers to sign in', async () => {
    const response = await api.get(`/api/registrations/${registrationId}`);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('unauthenticated');
    expect((await api.get('/api/staff/cases', 'not-a-token')).status).toBe(401);
  });
});
