/** Her registration through the API: section by section with errors by field, then submission and decision. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import { markEmailVerified } from '../support/accounts.ts';
import { apiClient, postToS3 } from '../support/api-client.ts';
import {
  createUser,
  registrationFor,
  samplePdf,
  TEST_PASSWORD,
  uniqueEmail,
  waitForStatus,
} from '../support/fixtures.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await setUpFile('api-registration', { api: true });
  api = apiClient(stack.apiUrl);
});
afterAll(() => stack?.teardown());

async function newChildminder() {
  const email = uniqueEmail();
  const token = await api.signUp(email, 'une phrase de passe longue', 'Camille');
  // Submitting needs a verified email; the link itself is tested in accounts-verification.test.ts.
  await markEmailVerified(stack.db, email);
  const { body } = await api.post('/api/registrations', {}, token);
  return { token, id: body.id as string };
}

describe('filling in the registration', () => {
  it('creates one registration per account, however often asked', async () => {
    const { token, id } = await newChildminder();
    const again = await api.post('/api/registrations', {}, token);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(id);
  });

  it('refuses an invalid identity field by field and keeps nothing of it', async () => {
    const { token, id } = await newChildminder();
    const identity = {
      ...registrationFor().identity,
      nir: '2 85 03 69 383 112 00',
      firstNames: [],
      birthDate: { year: 1985, month: 2, day: 30 },
    };
    const response = await api.put(`/api/registrations/${id}/sections/identity`, identity, token);
    expect(response.status).toBe(422);
    const paths = response.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['firstNames', 'birthDate.day', 'nir']));
    expect(response.body.errors.find((e: { path: string }) => e.path === 'nir').message).toMatch(/clé/);
    expect((await api.get(`/api/registrations/${id}`, token)).body.sections.identity).toBeNull();
  });

  it('refuses a postal code that does not belong to the chosen commune', async () => {
    const { token, id } = await newChildminder();
    const data = registrationFor();
    await api.put(`/api/registrations/${id}/sections/agrement`, data.agrement, token);
    const response = await api.put(
      `/api/registrations/${id}/sections/contact`,
      { ...data.contact, address: { ...data.contact.address, postalCode: '75001' } },
      token,
    );
    expect(response.status).toBe(422);
    expect(response.body.errors[0]).toMatchObject({ path: 'address.postalCode' });
    expect(response.body.errors[0].message).toContain('69003');
  });

  it('applies the publication rule to the contact section, given where she works', async () => {
    const { token, id } = await newChildminder();
    const data = registrationFor();
    await api.put(
      `/api/registrations/${id}/sections/agrement`,
      { ...data.agrement, workplace: 'mam', mamName: 'Les P’tits Loups' },
      token,
    );
    const hidden = {
      ...data.contact,
      publication: { showAddress: false, showPhone: false, showEmail: false },
    };
    const response = await api.put(`/api/registrations/${id}/sections/contact`, hidden, token);
    expect(response.status).toBe(422);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'publication.showAddress',
      'publication.showEmail',
    ]);
  });

  it('refuses to submit an incomplete registration, listing the missing sections', async () => {
    const { token, id } = await newChildminder();
    await api.put(`/api/registrations/${id}/sections/identity`, registrationFor().identity, token);
    const response = await api.post(`/api/registrations/${id}/submit`, {}, token);
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('incomplete');
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'agrement',
      'contact',
      'availability',
    ]);
  });
});

describe('submission, decision and correction through the API', () => {
  it('runs the case to a correction request, a correction, and approval', async () => {
    const { token, id } = await newChildminder();
    const data = registrationFor(NAMED_PEOPLE.ana); // born abroad; Camille is already in other drafts here
    for (const section of ['identity', 'agrement', 'contact', 'availability'] as const) {
      const saved = await api.put(`/api/registrations/${id}/sections/${section}`, data[section], token);
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    }
    const bytes = await samplePdf();
    const prepared = await api.post(
      `/api/registrations/${id}/documents`,
      { fileName: 'agrement.pdf', contentType: 'application/pdf', size: bytes.length },
      token,
    );
    await postToS3(prepared.body.upload, bytes, 'agrement.pdf', 'application/pdf');
    await api.post(`/api/registrations/${id}/documents/${prepared.body.documentId}/verify`, {}, token);

    const submitted = await api.post(`/api/registrations/${id}/submit`, {}, token);
    expect(submitted.status).toBe(200);
    const twice = await api.post(`/api/registrations/${id}/submit`, {}, token);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('not_draft');
    await waitForStatus(stack.db, id, 'in_moderation');
    expect(
      (await api.put(`/api/registrations/${id}/sections/availability`, data.availability, token)).body.code,
    ).toBe('registration_locked');

    const moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
    const staff = await api.login(moderator.email, TEST_PASSWORD);
    const queue = await api.get('/api/staff/cases', staff);
    expect(queue.body.items.map((c: { id: string }) => c.id)).toContain(id);
    const view = await api.get(`/api/staff/cases/${id}`, staff);
    expect(view.body.identityCheck.outcome).toBe('certified');
    expect(view.body.facts.map((f: { code: string; level: string }) => [f.code, f.level])).toEqual([
      ['nir_consistency', 'ok'],
      ['agrement_validity', 'ok'],
      ['capacity', 'ok'],
      ['duplicates', 'ok'],
    ]);

    expect((await api.post(`/api/staff/cases/${id}/decision`, { kind: 'approve' }, staff)).body.code).toBe(
      'not_holder',
    );
    expect((await api.post(`/api/staff/cases/${id}/claim`, {}, staff)).status).toBe(200);
    const incomplete = await api.post(
      `/api/staff/cases/${id}/decision`,
      { kind: 'request_correction', reasonCode: 'incorrect', message: '', fields: [] },
      staff,
    );
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.errors.map((e: { path: string }) => e.path)).toEqual(['message', 'fields']);
    const asked = await api.post(
      `/api/staff/cases/${id}/decision`,
      {
        kind: 'request_correction',
        reasonCode: 'incorrect',
        message: 'Le numéro d’agrément ne correspond pas.',
        fields: ['agrement'],
      },
      staff,
    );
    expect(asked.body.status).toBe('correction_requested');

    const mine = await api.get(`/api/registrations/${id}`, token);
    expect(mine.body.editable).toBe(true);
    expect(mine.body.correction).toMatchObject({
      reasonCode: 'incorrect',
      fields: ['agrement'],
      body: 'Le numéro d’agrément ne correspond pas.',
    });
    await api.put(
      `/api/registrations/${id}/sections/agrement`,
      { ...data.agrement, number: 'AG-69-2023-0043' },
      token,
    );
    expect((await api.post(`/api/registrations/${id}/resubmit`, {}, token)).status).toBe(200);
    await waitForStatus(stack.db, id, 'in_moderation');

    const approved = await api.post(`/api/staff/cases/${id}/decision`, { kind: 'approve' }, staff);
    expect(approved.body.status).toBe('active');
    const audit = await stack.db('audit_log').where({ target_id: id }).orderBy('id').pluck('action');
    expect(audit).toEqual(
      expect.arrayContaining([
        'registration.submitted',
        'case.request_correction',
        'registration.resubmitted',
        'case.approve',
      ]),
    );
  });
});
