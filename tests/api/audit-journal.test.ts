/**
 * The supervisors' audit journal: searched by case (its copies' lines included), by the person who
 * acted and by period, newest first, in pages that neither skip nor repeat a line. A national
 * supervisor and the data-protection officer see every line; a regional supervisor only those about
 * her offices' cases and offices; a moderator none. Bad filters get a 422 with the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../api/audit.ts';
import { apiClient } from '../support/api-client.ts';
import { createUser, placeUpload, samplePdf } from '../support/fixtures.ts';
import { seedProjectedCases, sessionFor } from '../support/moderation.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let national: string;
let regional: string;
let lyonCase: string;
let parisCase: string;
let lyonDocument: string;
let moderator: Awaited<ReturnType<typeof createUser>>;

const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' }).format(new Date());

beforeAll(async () => {
  stack = await setUpFile('audit-journal', { api: true });
  api = apiClient(stack.apiUrl);
  national = await sessionFor(stack.db, await createUser(stack.db, { role: 'supervisor' }));
  regional = await sessionFor(
    stack.db,
    await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69'] }),
  );
  const now = new Date();
  const [lyon, paris] = await seedProjectedCases(stack.db, [
    {
      status: 'in_moderation',
      officeId: 'caf-69',
      departement: '69',
      holderId: null,
      submittedAt: now,
      dueAt: now,
    },
    {
      status: 'in_moderation',
      officeId: 'caf-75',
      departement: '75',
      holderId: null,
      submittedAt: now,
      dueAt: now,
    },
  ]);
  lyonCase = lyon!.registrationId;
  parisCase = paris!.registrationId;
  lyonDocument = await placeUpload(stack.db, stack.storage, lyonCase, await samplePdf());
  moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69', name: 'Inès Garnier' });
  const other = await createUser(stack.db, { role: 'moderator', officeId: 'caf-75' });
  await audit(stack.db, moderator.actor, 'case.viewed', { type: 'registration', id: lyonCase });
  await audit(stack.db, moderator.actor, 'document.viewed', { type: 'document', id: lyonDocument });
  await audit(stack.db, other.actor, 'case.viewed', { type: 'registration', id: parisCase });
  await audit(stack.db, other.actor, 'staff.invited', { type: 'user', id: other.id }, { role: 'moderator' });
});
afterAll(() => stack?.teardown());

const search = (token: string, query: Record<string, string>) =>
  api.get(`/api/supervision/audit?${new URLSearchParams(query)}`, token);

describe('the audit journal', () => {
  it('finds a case’s lines, its copy’s included, with who did it in words', async () => {
    const found = await search(national, { case: lyonCase });
    expect(found.status).toBe(200);
    expect(found.body.items).toMatchObject([
      { action: 'document.viewed', label: 'Pièce consultée', caseId: lyonCase, target: { id: lyonDocument } },
      {
        action: 'case.viewed',
        label: 'Dossier consulté',
        caseId: lyonCase,
        actor: { name: 'Inès Garnier', email: moderator.email, role: 'moderator' },
      },
    ]);
    expect(found.body.items[0].seq).toBeGreaterThan(found.body.items[1].seq);
  });

  it('finds a person’s lines, whatever the case of her address, and a period’s', async () => {
    const mine = await search(national, { actor: moderator.email.toUpperCase() });
    expect(mine.body.items.map((line: { action: string }) => line.action)).toEqual([
      'document.viewed',
      'case.viewed',
    ]);
    expect((await search(national, { from: today(), to: today() })).body.items.length).toBeGreaterThanOrEqual(
      4,
    );
    expect((await search(national, { to: '2020-01-01' })).body.items).toEqual([]);
  });

  it('shows a regional supervisor only her offices’ cases, and says so', async () => {
    const all = await search(regional, {});
    expect(all.body.national).toBe(false);
    const targets = all.body.items.map((line: { target: { id: string } }) => line.target.id);
    expect(targets).toEqual(expect.arrayContaining([lyonCase, lyonDocument]));
    expect(targets).not.toContain(parisCase);
    expect(all.body.items.some((line: { action: string }) => line.action === 'staff.invited')).toBe(false);
    expect((await search(regional, { case: parisCase })).body.items).toEqual([]);
    expect((await search(national, { case: parisCase })).body.items).toHaveLength(1);
  });

  it('shows the data-protection officer every line, nationwide, and nothing of the moderation', async () => {
    const dpo = await sessionFor(stack.db, await createUser(stack.db, { role: 'data_protection' }));
    const all = await search(dpo, {});
    expect(all.body.national).toBe(true);
    const targets = all.body.items.map((line: { target: { id: string } }) => line.target.id);
    expect(targets).toEqual(expect.arrayContaining([lyonCase, lyonDocument, parisCase]));
    expect(all.body.items.some((line: { action: string }) => line.action === 'staff.invited')).toBe(true);
    for (const path of ['/api/staff/cases', `/api/staff/cases/${lyonCase}`, '/api/supervision/cases'])
      expect((await api.get(path, dpo)).status, path).toBe(403);
  });

  it('pages newest first without skipping or repeating a line', async () => {
    for (let n = 0; n < 60; n++)
      await audit(stack.db, moderator.actor, 'case.viewed', { type: 'registration', id: parisCase }, { n });
    const first = await search(national, { case: parisCase });
    expect(first.body.items).toHaveLength(50);
    const second = await search(national, { case: parisCase, before: String(first.body.nextBefore) });
    expect(second.body.items).toHaveLength(11);
    expect(second.body.nextBefore).toBeNull();
    const seqs = [...first.body.items, ...second.body.items].map((line: { seq: number }) => line.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(61);
  });

  it('refuses a moderator, and bad filters with their field', async () => {
    const token = await sessionFor(stack.db, moderator);
    expect((await search(token, {})).status).toBe(403);
    const bad = await search(national, { case: 'abc' });
    expect(bad).toMatchObject({ status: 422, body: { code: 'invalid_input' } });
    const backwards = await search(national, { from: '2026-02-01', to: '2026-01-01' });
    expect(backwards.status).toBe(422);
    expect(backwards.body.errors).toEqual([expect.objectContaining({ path: 'to' })]);
  });
});
