/**
 * Every read of personal data by staff leaves an audit line naming the reader: a moderator's or a
 * supervisor's read of a case (identity, NIR) and of a copy's bytes, a relay agent's read of her
 * details, a département agent's list of its childminders, the unmatched notifications' identities.
 * A refused read leaves none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.ts';
import { createUser } from '../support/fixtures.ts';
import { caseInModeration, sessionFor } from '../support/moderation.ts';
import { insertRelay, relayAgent } from '../support/relays.ts';
import { publishedChildminder } from '../support/search.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
beforeAll(async () => {
  stack = await setUpFile('audit-reads', { api: true });
  api = apiClient(stack.apiUrl);
});
afterAll(() => stack?.teardown());

const staff = async (options: Parameters<typeof createUser>[1]) => {
  const user = await createUser(stack.db, options);
  return { id: user.id, token: await sessionFor(stack.db, user) };
};
const lines = (where: Record<string, string>) =>
  stack.db('audit_log').where(where).orderBy('seq').select('actor_id', 'actor_role', 'detail');

describe('staff reads of personal data', () => {
  it('a case and its copy, read by a moderator and a supervisor; not by another office', async () => {
    const { registrationId, documentId } = await caseInModeration(stack);
    const moderator = await staff({ role: 'moderator', officeId: 'caf-69' });
    const supervisor = await staff({ role: 'supervisor' });
    const elsewhere = await staff({ role: 'moderator', officeId: 'caf-75' });

    expect((await api.get(`/api/staff/cases/${registrationId}`, elsewhere.token)).status).toBe(404);
    expect(await lines({ action: 'case.viewed', target_id: registrationId })).toEqual([]);

    const read = await api.get(`/api/staff/cases/${registrationId}`, moderator.token);
    expect(read.status).toBe(200);
    expect(read.body.sections.identity.nir).toBeTruthy(); // what the line stands for: her NIR was shown
    expect((await api.get(`/api/staff/cases/${registrationId}`, supervisor.token)).status).toBe(200);
    expect(await lines({ action: 'case.viewed', target_id: registrationId })).toEqual([
      { actor_id: moderator.id, actor_role: 'moderator', detail: {} },
      { actor_id: supervisor.id, actor_role: 'supervisor', detail: {} },
    ]);

    const bytes = await fetch(
      `${stack.apiUrl}/api/staff/cases/${registrationId}/documents/${documentId}/content`,
      {
        headers: { authorization: `Bearer ${moderator.token}` },
      },
    );
    expect(bytes.status).toBe(200);
    expect((await bytes.arrayBuffer()).byteLength).toBeGreaterThan(0);
    expect(await lines({ action: 'document.viewed', target_id: documentId })).toEqual([
      { actor_id: moderator.id, actor_role: 'moderator', detail: {} },
    ]);
  });

  it('her details, read by the agent of a relay she consents to', async () => {
    const her = await publishedChildminder(stack.db);
    const relay = await insertRelay(stack.db, { communeCodes: ['69123'] });
    const agent = await relayAgent(stack.db, relay.id);
    const token = await sessionFor(stack.db, agent);
    const path = `/api/relay/childminders/${her.id}`;
    expect((await api.get(path, token)).status).toBe(404); // no consent yet: nothing read
    await stack.db('relay_consents').insert({ registration_id: her.id, relay_id: relay.id });
    expect((await api.get(path, token)).status).toBe(200);
    expect(await lines({ action: 'case.viewed', target_id: her.id })).toEqual([
      { actor_id: agent.id, actor_role: 'relay', detail: { relayId: relay.id } },
    ]);
  });

  it('a département’s childminders, and the identities of unmatched notifications', async () => {
    await publishedChildminder(stack.db);
    const agent = await staff({ role: 'departement_agent', departementCode: '69' });
    const list = await api.get('/api/departement/childminders', agent.token);
    expect(list.status).toBe(200);
    expect(await lines({ action: 'departement.childminders_listed', target_id: '69' })).toEqual([
      { actor_id: agent.id, actor_role: 'departement_agent', detail: { rows: list.body.items.length } },
    ]);

    const moderator = await staff({ role: 'moderator', officeId: 'caf-69' });
    const unmatched = await api.get('/api/staff/agrement-notifications/unmatched', moderator.token);
    expect(unmatched.status).toBe(200);
    expect(await lines({ action: 'agrement_notification.unmatched_listed', actor_id: moderator.id })).toEqual(
      [{ actor_id: moderator.id, actor_role: 'moderator', detail: { rows: unmatched.body.items.length } }],
    );
  });
});
