/**
 * Her rights over her data on the real stack: the export holds her data and nobody else's; closing
 * her account keeps what the law keeps (a submitted case, the audit log), removes the rest (sessions,
 * publication, contact details, a draft and its stored copies), and tells her why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/case-rules.ts';
import { openIdentity } from '../../infra/sealed-nir.ts';
import { NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import { apiClient } from '../support/api-client.ts';
import { activeChildminder } from '../support/childminder.ts';
import {
  createUser,
  insertRegistration,
  placeUpload,
  registrationFor,
  samplePdf,
  storedKeys,
  TEST_PASSWORD,
} from '../support/fixtures.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let moderator: Awaited<ReturnType<typeof createUser>>;
/** Camille, approved and published; Lucia, a draft with a copy in quarantine. */
const camille = {} as { id: string; email: string; actor: Actor; registrationId: string; token: string };
const lucia = {} as { id: string; email: string; actor: Actor; registrationId: string; token: string };

beforeAll(async () => {
  stack = await setUpFile('api-personal-data', { api: true });
  api = apiClient(stack.apiUrl);
  moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69', name: 'Inès Modératrice' });
  const active = await activeChildminder(stack, moderator.actor);
  Object.assign(camille, active.owner, { registrationId: active.registrationId });
  camille.token = await api.login(camille.email, TEST_PASSWORD);
  const draftOwner = await createUser(stack.db);
  const draftId = await insertRegistration(stack.db, draftOwner.id, registrationFor(NAMED_PEOPLE.lucia));
  await placeUpload(stack.db, stack.storage, draftId, await samplePdf());
  Object.assign(lucia, draftOwner, { registrationId: draftId });
  lucia.token = await api.login(lucia.email, TEST_PASSWORD);
});
afterAll(() => stack?.teardown());

const auditCount = async () =>
  Number((await stack.db('audit_log').count<[{ count: string }]>('* as count'))[0]!.count);
const auditRows = (targetId: string) =>
  stack.db('audit_log').where({ target_id: targetId }).orderBy('id').pluck('action');

describe('her data export', () => {
  it('holds her account, registration, case, documents, timeline and audit rows, and nobody else’s', async () => {
    const mine = await api.get('/api/account/data', camille.token);
    expect(mine.status).toBe(200);
    const text = JSON.stringify(mine.body);
    expect(mine.body.account.email).toBe(camille.email);
    expect(mine.body.registration.id).toBe(camille.registrationId);
    expect(mine.body.registration.identity.nir).toBe(NAMED_PEOPLE.camille.nir);
    expect(mine.body.case.status).toBe('active');
    expect(mine.body.published.profile).toBeTruthy();
    expect(mine.body.documents).toHaveLength(1);
    expect(mine.body.documents[0].downloadPath).toBe(`/mon-dossier/documents/${mine.body.documents[0].id}`);
    expect(mine.body.timeline.map((e: { type: string }) => e.type)).toContain('approved');
    expect(mine.body.audit.length).toBeGreaterThan(0);
    // Nobody else: not the other childminder, not the moderator who decided (her role only).
    for (const other of [
      lucia.email,
      lucia.registrationId,
      NAMED_PEOPLE.lucia.nir,
      moderator.email,
      moderator.id,
    ])
      expect(text).not.toContain(other);
    expect(text).not.toContain('Inès');

    const hers = await api.get('/api/account/data', lucia.token);
    expect(hers.body.registration.identity.nir).toBe(NAMED_PEOPLE.lucia.nir);
    expect(hers.body.case).toBeNull();
    expect(hers.body.documents.map((d: { status: string }) => d.status)).toEqual(['pending']);
    for (const other of [camille.email, camille.registrationId, NAMED_PEOPLE.camille.nir])
      expect(JSON.stringify(hers.body)).not.toContain(other);
    expect(await auditRows(lucia.id)).toContain('account.data_exported');
  });

  it('is for childminders only', async () => {
    const staff = await api.login(moderator.email, TEST_PASSWORD);
    expect((await api.get('/api/account/data', staff)).status).toBe(403);
    expect((await api.get('/api/account/data')).status).toBe(401);
  });
});

describe('closing her account', () => {
  it('asks for her confirmation, and changes nothing without it', async () => {
    const refused = await api.post('/api/account/closure', {}, lucia.token);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('invalid_input');
    expect((await api.get('/api/account', lucia.token)).status).toBe(200);
  });

  it('removes a draft entirely, its stored copies included, and keeps the audit log', async () => {
    expect(await storedKeys(stack.db, stack.storage, lucia.registrationId)).toHaveLength(1);
    const audited = await auditCount();
    const closed = await api.post('/api/account/closure', { confirm: true }, lucia.token);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ closed: true, keeps: 'nothing', removedDocuments: 1 });
    expect(closed.body.explanation.join(' ')).toMatch(/brouillon.*supprimés.*journal des actions/);

    expect(await storedKeys(stack.db, stack.storage, lucia.registrationId)).toEqual([]);
    const row = await stack.db('registrations').where({ id: lucia.registrationId }).first();
    expect([row.identity, row.agrement, row.contact, row.availability]).toEqual([null, null, null, null]);
    expect(row.closed_at).not.toBeNull();
    // Her sessions ended, her address no longer opens anything, her name is gone from the account.
    expect((await api.get('/api/account', lucia.token)).status).toBe(401);
    const login = await api.post('/api/auth/login', { email: lucia.email, password: TEST_PASSWORD });
    expect(login.status).toBe(401);
    const user = await stack.db('users').where({ id: lucia.id }).first('email', 'display_name');
    expect(JSON.stringify(user)).not.toContain(lucia.email);
    expect(await auditCount()).toBe(audited + 1);
    expect(await auditRows(lucia.id)).toEqual(
      expect.arrayContaining(['account.data_exported', 'account.closed']),
    );
  });

  it('keeps a submitted case for its legal period, unpublished and without her contact details', async () => {
    const before = await api.get(`/api/public/childminders/${camille.registrationId}`);
    expect(before.status).toBe(200);
    const audited = await auditCount();
    const closed = await api.post('/api/account/closure', { confirm: true }, camille.token);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ keeps: 'case_for_legal_period', removedDocuments: 0 });
    expect(closed.body.explanation[1]).toMatch(/conservé 2 ans après la fermeture/);

    expect((await api.get(`/api/public/childminders/${camille.registrationId}`)).status).toBe(404);
    expect(await stack.db('search_profiles').where({ registration_id: camille.registrationId }).first()).toBe(
      undefined,
    );
    const row = await stack.db('registrations').where({ id: camille.registrationId }).first();
    expect(row.contact).toBeNull();
    expect(openIdentity(stack.deps.keys, row.identity, row.id).nir).toBe(NAMED_PEOPLE.camille.nir);
    // The accepted copy is part of the kept record.
    expect(await storedKeys(stack.db, stack.storage, camille.registrationId)).toHaveLength(1);
    expect((await api.get('/api/account', camille.token)).status).toBe(401);
    expect(await auditCount()).toBe(audited + 1);
    expect(await auditRows(camille.id)).toContain('account.closed');
  });
});
