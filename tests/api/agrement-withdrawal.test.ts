/**
 * A withdrawal notified by the département closes her case: her space reads, edits nothing (409,
 * `agrement_withdrawn`, the reason in French; the same check stops her relay declaring for her), she is out of
 * the public register, and the pivot CAF's case page says so. A withdrawal dated later closes nothing yet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.ts';
import { activeChildminder } from '../support/childminder.ts';
import { createUser } from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let moderator: Awaited<ReturnType<typeof createUser>>;
let agent: string;

beforeAll(async () => {
  stack = await setUpFile('agrement-withdrawal', { api: true });
  api = apiClient(stack.apiUrl);
  moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
  agent = await sessionFor(
    stack.db,
    await createUser(stack.db, { role: 'departement_agent', departementCode: '69' }),
  );
});
afterAll(() => stack?.teardown());

let counter = 0;
async function withdraw(registrationId: string, effectiveDate: string) {
  const registration = await stack
    .db('registrations')
    .where({ id: registrationId })
    .first('identity', 'agrement');
  const response = await api.post(
    '/api/departement/notifications',
    {
      reference: `PMI-RET-${Date.now().toString(36)}-${++counter}`,
      kind: 'withdrawal',
      reason: 'avis_commission',
      agrementNumber: registration.agrement.number,
      birthName: registration.identity.birthName,
      birthDate: '1985-03-14',
      effectiveDate,
    },
    agent,
  );
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

async function editContact(registrationId: string, token: string, phone: string) {
  const { contact } = await stack.db('registrations').where({ id: registrationId }).first('contact');
  return api.put(
    `/api/registrations/${registrationId}/profile/sections/contact`,
    { ...contact, phone },
    token,
  );
}

describe('a withdrawn agrément', () => {
  it('closes her case to edits, with the reason in French, and the CAF sees it', async () => {
    const { registrationId, owner } = await activeChildminder(stack, moderator.actor);
    const hers = await sessionFor(stack.db, owner);
    // Before: her edits apply (the control of the refusals below).
    expect((await editContact(registrationId, hers, '06 11 22 33 44')).status).toBe(200);

    await withdraw(registrationId, new Date().toISOString());
    expect((await api.get(`/api/public/childminders/${registrationId}`)).status).toBe(404);

    const edit = await editContact(registrationId, hers, '06 55 66 77 88');
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('agrement_withdrawn');
    expect(edit.body.detail).toMatch(
      /^Votre agrément a été retiré à compter du .+ \(motif : retrait après avis de la commission consultative paritaire départementale\) : votre dossier est fermé\./,
    );
    const full = await api.post(`/api/registrations/${registrationId}/profile/availability/full`, {}, hers);
    expect([full.status, full.body.code]).toEqual([409, 'agrement_withdrawn']);
    // Nothing of the refused edits was kept.
    const { contact } = await stack.db('registrations').where({ id: registrationId }).first('contact');
    expect(contact.phone).toBe('06 11 22 33 44');

    const profile = await api.get(`/api/registrations/${registrationId}/profile`, hers);
    expect(profile.body.active).toBe(false);
    expect(profile.body.closure).toMatchObject({ code: 'agrement_withdrawn', reason: 'avis_commission' });
    const dossier = await api.get(`/api/registrations/${registrationId}`, hers);
    expect(dossier.body.agrementStanding).toMatchObject({
      state: 'withdrawn',
      closure: { code: 'agrement_withdrawn', reason: 'avis_commission' },
    });

    const staff = await api.get(`/api/staff/cases/${registrationId}`, await sessionFor(stack.db, moderator));
    expect(staff.status).toBe(200);
    expect(staff.body.agrementStanding.state).toBe('withdrawn');
    expect(staff.body.agrementStanding.closure.message).toContain('votre dossier est fermé');
  });

  it('dated later, closes nothing yet', async () => {
    const { registrationId, owner } = await activeChildminder(stack, moderator.actor);
    const hers = await sessionFor(stack.db, owner);
    await withdraw(registrationId, new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10));
    expect((await editContact(registrationId, hers, '06 99 88 77 66')).status).toBe(200);
    expect((await api.get(`/api/registrations/${registrationId}/profile`, hers)).body.closure).toBeNull();
  });
});
