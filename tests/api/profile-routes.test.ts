/**
 * Her profile after activation through the API: edits that publish at once, changes that wait for
 * the CAF, the one-action declarations, the public preview; and nobody else's profile, ever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/case-rules.ts';
import { DEFAULT_LIFECYCLE_POLICY } from '../../domain/policy.ts';
import { apiClient } from '../support/api-client.ts';
import { activeChildminder } from '../support/childminder.ts';
import { createUser, insertRegistration, registrationFor, TEST_PASSWORD } from '../support/fixtures.ts';
import { setUpFile, TEST_POLICY, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let moderator: Actor;
let registrationId: string;
let token: string;

beforeAll(async () => {
  stack = await setUpFile('api-profile', { api: true });
  api = apiClient(stack.apiUrl);
  moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
  // The legal calendar: the next deadline is a real 1 June or 1 December.
  const active = await activeChildminder(stack, moderator, {
    policy: { ...TEST_POLICY, lifecycle: DEFAULT_LIFECYCLE_POLICY },
  });
  registrationId = active.registrationId;
  token = await api.login(active.owner.email, TEST_PASSWORD);
});
afterAll(() => stack?.teardown());

const profilePath = () => `/api/registrations/${registrationId}/profile`;

describe('her profile after activation', () => {
  it('shows her verified data, where she stands on declarations, and that it is published', async () => {
    const response = await api.get(profilePath(), token);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      active: true,
      case: { status: 'active', label: 'Inscription validée' },
      pendingChange: null,
      lastDecision: null,
      declaration: { availabilityStatus: 'available', overdueDeadline: null, overdueNotice: null },
    });
    expect(response.body.sections.identity.birthName).toBe('DUPONT');
    expect(new Date(response.body.declaration.nextDeadline).toISOString()).toMatch(
      /-(05-31T22|11-30T23):00:00\.000Z$/,
    );
    expect(response.body.publishedAt).not.toBeNull();
  });

  it('publishes a change of contact details at once, and audits it', async () => {
    const contact = { ...registrationFor().contact, phone: '07 01 02 03 04' };
    const saved = await api.put(`${profilePath()}/sections/contact`, contact, token);
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ section: 'contact', outcome: 'applied', reasons: [] });
    const preview = await api.get(`${profilePath()}/public`, token);
    expect(preview.body.profile.phone).toBe('07 01 02 03 04');
    const audited = await stack
      .db('audit_log')
      .where({ action: 'profile.changed', target_id: registrationId })
      .first();
    expect(audited.detail.section).toBe('contact');
    expect(JSON.stringify(audited.detail)).not.toContain('07 01 02 03 04');
  });

  it('refuses unlawful input field by field, without changing anything', async () => {
    const badPhone = await api.put(
      `${profilePath()}/sections/contact`,
      { ...registrationFor().contact, phone: '12' },
      token,
    );
    expect(badPhone.status).toBe(422);
    expect(badPhone.body.code).toBe('invalid_input');
    expect(badPhone.body.errors).toEqual([
      { path: 'phone', message: 'Numéro de téléphone français à 10 chiffres attendu.' },
    ]);
    const hidden = await api.put(
      `${profilePath()}/sections/contact`,
      {
        ...registrationFor().contact,
        publication: { showAddress: false, showPhone: false, showEmail: false },
      },
      token,
    );
    expect(hidden.status).toBe(422);
    expect(hidden.body.errors[0].path).toBe('publication.showEmail');
    expect((await api.get(`${profilePath()}/public`, token)).body.profile.phone).toBe('07 01 02 03 04');
    expect((await api.put(`${profilePath()}/sections/nothing`, {}, token)).status).toBe(404);
  });

  it('declares “complète” and “indisponible” in one action each', async () => {
    const full = await api.post(`${profilePath()}/availability/full`, {}, token);
    expect(full.body).toEqual({ section: 'availability', outcome: 'applied', status: 'full' });
    let published = (await api.get(`${profilePath()}/public`, token)).body.profile;
    expect(published.availability).toMatchObject({
      status: 'full',
      places: { under3: 0, from3to6: 0, over6: 0 },
    });
    expect(published.availability.slots).toEqual(registrationFor().availability.slots);

    const unavailable = await api.post(`${profilePath()}/availability/unavailable`, {}, token);
    expect(unavailable.status).toBe(200);
    published = (await api.get(`${profilePath()}/public`, token)).body.profile;
    expect(published.availability).toMatchObject({ status: 'unavailable', slots: [] });
    expect((await api.get(profilePath(), token)).body.declaration.availabilityStatus).toBe('unavailable');
    expect((await api.post(`${profilePath()}/availability/sometimes`, {}, token)).status).toBe(422);
  });

  it('sends a change of agrément to the CAF, keeps the verified values published, and shows it pending', async () => {
    const agrement = { ...registrationFor().agrement, capacity: 4 };
    const sent = await api.put(`${profilePath()}/sections/agrement`, agrement, token);
    expect(sent.status).toBe(200);
    expect(sent.body.outcome).toBe('pending');
    expect(sent.body.reasons[0].code).toBe('agrement');
    const profile = (await api.get(profilePath(), token)).body;
    expect(profile.case.status).toBe('change_in_moderation');
    expect(profile.pendingChange).toMatchObject({
      section: 'agrement',
      status: 'pending',
      value: { capacity: 4 },
    });
    expect(profile.sections.agrement.capacity).toBe(3);
    expect((await api.get(`${profilePath()}/public`, token)).body.profile.capacity).toBe(3);

    const second = await api.put(
      `${profilePath()}/sections/identity`,
      { ...registrationFor().identity, usageName: 'MARTIN' },
      token,
    );
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('change_pending');
    expect(second.body.detail).toMatch(/attend déjà la décision/);
  });

  it('answers 404 to another childminder, 403 to staff, 401 to anonymous callers', async () => {
    const other = await createUser(stack.db);
    await insertRegistration(stack.db, other.id, registrationFor());
    const stranger = await api.login(other.email, TEST_PASSWORD);
    expect((await api.get(profilePath(), stranger)).status).toBe(404);
    expect((await api.get(`${profilePath()}/public`, stranger)).status).toBe(404);
    expect(
      (await api.put(`${profilePath()}/sections/contact`, registrationFor().contact, stranger)).status,
    ).toBe(404);
    expect((await api.post(`${profilePath()}/availability/full`, {}, stranger)).status).toBe(404);
    const staff = await api.login(
      (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).email,
      TEST_PASSWORD,
    );
    expect((await api.get(profilePath(), staff)).status).toBe(403);
    expect((await api.get(profilePath())).status).toBe(401);
    const published = await stack.db('public_profiles').where({ registration_id: registrationId }).first();
    expect(published.profile.availability.status).toBe('unavailable');
  });

  it('refuses edits before activation: her registration is edited from “Mon dossier”', async () => {
    const draftOwner = await createUser(stack.db);
    const draftId = await insertRegistration(stack.db, draftOwner.id, registrationFor());
    const draftToken = await api.login(draftOwner.email, TEST_PASSWORD);
    const refused = await api.put(
      `/api/registrations/${draftId}/profile/sections/contact`,
      registrationFor().contact,
      draftToken,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('not_active');
    expect((await api.get(`/api/registrations/${draftId}/profile/public`, draftToken)).status).toBe(404);
    expect((await api.get(`/api/registrations/${draftId}/profile`, draftToken)).body.active).toBe(false);
  });
});
