/**
 * Her NIR at rest: after registrations through the API and an identity change of her profile, no
 * table of the database holds it in clear, yet the moderator still sees the other case with the same
 * NIR, and she and the moderator still read it. A NIR an older version stored in clear is sealed at
 * start, once; a new first key in DATA_KEYS reseals, a new DATA_INDEX_KEY reindexes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/case-rules.ts';
import { migrate } from '../../infra/db.ts';
import { newKeyEnv, readKeyRing } from '../../infra/keys.ts';
import { nirIndex, openIdentity } from '../../infra/sealed-nir.ts';
import { NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import { markEmailVerified } from '../support/accounts.ts';
import { apiClient, postToS3 } from '../support/api-client.ts';
import { activeChildminder } from '../support/childminder.ts';
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
let moderator: Actor & { email: string };

beforeAll(async () => {
  stack = await setUpFile('api-nir-at-rest', { api: true });
  api = apiClient(stack.apiUrl);
  const staff = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
  moderator = { ...staff.actor, email: staff.email };
});
afterAll(() => stack?.teardown());

const camille = NAMED_PEOPLE.camille;

/** Every row of every table of the database, as text. */
async function wholeDatabase(): Promise<Record<string, string>> {
  const tables: string[] = await stack
    .db('information_schema.tables')
    .whereRaw('table_schema = current_schema()')
    .andWhere({ table_type: 'BASE TABLE' })
    .pluck('table_name');
  const dump: Record<string, string> = {};
  for (const table of tables) dump[table] = JSON.stringify(await stack.db(table).select('*'));
  return dump;
}

/** The tables whose rows hold one of these texts. */
function tablesHolding(dump: Record<string, string>, secrets: string[]): string[] {
  return Object.entries(dump)
    .filter(([, rows]) => secrets.some((secret) => rows.includes(secret)))
    .map(([table]) => table);
}

/** A second case of the same person, filled in and submitted through the API. */
async function submittedThroughTheApi(): Promise<{ id: string; token: string }> {
  const email = uniqueEmail();
  const token = await api.signUp(email, 'une phrase de passe longue', 'Camille');
  await markEmailVerified(stack.db, email);
  const { id } = (await api.post('/api/registrations', {}, token)).body as { id: string };
  const data = registrationFor(camille);
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
  expect((await api.post(`/api/registrations/${id}/submit`, {}, token)).status).toBe(200);
  await waitForStatus(stack.db, id, 'in_moderation');
  return { id, token };
}

describe('her NIR at rest', () => {
  it('is nowhere in clear in the database, yet found as a duplicate and read by her and the moderator', async () => {
    const first = await activeChildminder(stack, moderator);
    const second = await submittedThroughTheApi();

    // An identity change of her profile, pending with the CAF.
    const herToken = await api.login(first.owner.email, TEST_PASSWORD);
    const changed = await api.put(
      `/api/registrations/${first.registrationId}/profile/sections/identity`,
      { ...registrationFor(camille).identity, usageName: 'MARTIN' },
      herToken,
    );
    // Received, then checked against SNGI before it reaches the CAF.
    expect(changed.body).toMatchObject({ outcome: 'checking' });
    const profile = await api.get(`/api/registrations/${first.registrationId}/profile`, herToken);
    expect(profile.body.sections.identity.nir).toBe(camille.nir);
    expect(profile.body.pendingChange.value).toMatchObject({ nir: camille.nir, usageName: 'MARTIN' });

    const staff = await api.login(moderator.email, TEST_PASSWORD);
    const view = await api.get(`/api/staff/cases/${second.id}`, staff);
    expect(view.body.sections.identity.nir).toBe(camille.nir);
    expect(view.body.facts.find((f: { code: string }) => f.code === 'duplicates')).toMatchObject({
      level: 'problem',
    });
    expect(view.body.duplicates).toEqual([
      expect.objectContaining({ registrationId: first.registrationId, on: 'nir' }),
    ]);
    const mine = await api.get(`/api/registrations/${second.id}`, second.token);
    expect(mine.body.sections.identity.nir).toBe(camille.nir);
    const changeView = await api.get(`/api/staff/cases/${first.registrationId}`, staff);
    expect(changeView.body.pendingChange.value.nir).toBe(camille.nir);

    // The moderator approves the change: her verified identity keeps the same (sealed) NIR and index.
    await waitForStatus(stack.db, first.registrationId, 'change_in_moderation');
    await first.commands.claim(first.registrationId, moderator);
    await first.commands.decide(first.registrationId, { actor: moderator, kind: 'approve', messageId: null });
    await waitForStatus(stack.db, first.registrationId, 'active');

    const dump = await wholeDatabase();
    expect(Object.keys(dump)).toEqual(expect.arrayContaining(['registrations', 'profile_changes']));
    expect(dump.profile_changes).toContain('MARTIN');
    expect(tablesHolding(dump, [camille.nir, camille.nir.slice(0, 13)])).toEqual([]);

    const rows = await stack
      .db('registrations')
      .whereIn('id', [first.registrationId, second.id])
      .select('id', 'identity', 'nir_index');
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.identity.nir).toMatch(/^v1\.[\w-]+\.[A-Za-z0-9+/=]+$/);
      expect(row.nir_index).toBe(nirIndex(stack.deps.keys, camille.nir));
    }
    expect(rows.find((r) => r.id === first.registrationId).identity.usageName).toBe('MARTIN');
  });

  it('seals at start what an older version stored in clear, once, and reseals after a rotation', async () => {
    const ana = NAMED_PEOPLE.ana;
    const owner = await createUser(stack.db);
    const identity = registrationFor(ana).identity;
    // As 0001–0016 stored it: the identity JSON with the NIR in clear, no blind index.
    const [old] = await stack
      .db('registrations')
      .insert({ user_id: owner.id, identity: JSON.stringify(identity) })
      .returning('id');
    await stack.db('profile_changes').insert({
      registration_id: old.id,
      section: 'identity',
      value: JSON.stringify({ ...identity, usageName: 'SILVA' }),
      status: 'refused',
      proposed_by: owner.id,
    });
    expect(tablesHolding(await wholeDatabase(), [ana.nir]).sort()).toEqual([
      'profile_changes',
      'registrations',
    ]);

    await migrate(stack.db, stack.deps.keys);
    const sealed = await stack.db('registrations').where({ id: old.id }).first('identity', 'nir_index');
    expect(sealed.identity.nir).toMatch(/^v1\./);
    expect(openIdentity(stack.deps.keys, sealed.identity, old.id)).toEqual(identity);
    expect(sealed.nir_index).toBe(nirIndex(stack.deps.keys, ana.nir));
    expect(tablesHolding(await wholeDatabase(), [ana.nir, ana.nir.slice(0, 13)])).toEqual([]);
    const change = await stack.db('profile_changes').where({ registration_id: old.id }).first('value');
    expect(openIdentity(stack.deps.keys, change.value, old.id)).toMatchObject({
      nir: ana.nir,
      usageName: 'SILVA',
    });

    // Once: a second start changes nothing.
    await migrate(stack.db, stack.deps.keys);
    expect(await stack.db('registrations').where({ id: old.id }).first('identity', 'nir_index')).toEqual(
      sealed,
    );

    // A rotation: the new key seals (the old one still opens), the new index key indexes. Last in the
    // file: the api of this file does not have the new keys.
    const next = newKeyEnv('k2');
    const rotated = readKeyRing({
      DATA_KEYS: `${next.DATA_KEYS},${process.env.DATA_KEYS}`,
      DATA_INDEX_KEY: next.DATA_INDEX_KEY,
    });
    await migrate(stack.db, rotated);
    const resealed = await stack.db('registrations').where({ id: old.id }).first('identity', 'nir_index');
    expect(resealed.identity.nir).toMatch(/^v1\.k2-/);
    expect(openIdentity(rotated, resealed.identity, old.id).nir).toBe(ana.nir);
    expect(resealed.nir_index).toBe(nirIndex(rotated, ana.nir));
    expect(resealed.nir_index).not.toBe(sealed.nir_index);
    const left = await stack
      .db('registrations')
      .whereNotNull('identity')
      .andWhere((q) => q.whereRaw(`not starts_with(identity->>'nir', 'v1.k2-')`).orWhereNull('nir_index'))
      .count<Array<{ count: string }>>('* as count');
    expect(Number(left[0]!.count)).toBe(0);
  });
});
