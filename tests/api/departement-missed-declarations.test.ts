/**
 * The département's list of childminders who have not declared, on the real stack: misses settled
 * by her lifecycle (deadlines seconds apart) and misses seeded as activation leaves them; the policy
 * delay, counts, filters and pages, another département seeing nothing, the CSV export (audited,
 * never the NIR), and the referral to the commission: recorded once, on her timeline, refused at a
 * first miss, and changing nothing of her agrément's standing nor of her publication, misses after it
 * included. The referral's code cannot even reach the standing code: its import graph shows it.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { parisToday } from '../../domain/agrement.ts';
import type { Actor } from '../../domain/case-rules.ts';
import { MISSED_DECLARATIONS_CSV_HEADER } from '../../domain/missed-declarations.ts';
import { NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import { waitFor } from '../../stack/wait.ts';
import { apiClient } from '../support/api-client.ts';
import { activeChildminder, deadlinesIn, policyWith } from '../support/childminder.ts';
import { createUser } from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';
import { childminderWhoMissed } from '../support/missed-declarations.ts';
import { insertRelay } from '../support/relays.ts';
import { GIVORS, LYON_3, publishedChildminder, VILLEURBANNE } from '../support/search.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

const DAY = 86_400_000;
const LIST = '/api/departement/missed-declarations';

let stack: FileStack;
let servers: Server[] = [];
/** The API seeing misses at once (delay 0), and one seeing them a day after (the delay's check). */
let apiUrl: string;
let api: ReturnType<typeof apiClient>;
let dayLate: ReturnType<typeof apiClient>;
let moderator: Actor;
let moderatorToken: string;
let agent: string;
let agentElsewhere: string;
let relayName: string;

async function listen(delayMs: number) {
  const server = createApp({
    ...stack.deps,
    missedDeclarationPolicy: { departementAfterMs: delayMs },
  }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const missing = (spec: Parameters<typeof childminderWhoMissed>[1]) => childminderWhoMissed(stack.db, spec);

let firstMiss: Awaited<ReturnType<typeof missing>>;
let repeated: Awaited<ReturnType<typeof missing>>;
let recent: Awaited<ReturnType<typeof missing>>;
let elsewhere: Awaited<ReturnType<typeof missing>>;
let declared: Awaited<ReturnType<typeof publishedChildminder>>;
/** Through the real path: her lifecycle settles the deadlines. */
let real: Awaited<ReturnType<typeof activeChildminder>>;

const ids = (body: { items: Array<{ registrationId: string }> }) =>
  body.items.map((i) => i.registrationId).sort();
const events = (registrationId: string): Promise<string[]> =>
  stack.db('case_events').where({ registration_id: registrationId }).orderBy('seq').pluck('type');
const misses = async (registrationId: string) =>
  (await events(registrationId)).filter((e) => e === 'declaration_overdue').length;

beforeAll(async () => {
  stack = await setUpFile('departement-missed', { api: false });
  apiUrl = await listen(0);
  api = apiClient(apiUrl);
  dayLate = apiClient(await listen(DAY));
  moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
  moderatorToken = await sessionFor(stack.db, { id: moderator.userId, actor: moderator });
  agent = await sessionFor(
    stack.db,
    await createUser(stack.db, { role: 'departement_agent', departementCode: '69' }),
  );
  agentElsewhere = await sessionFor(
    stack.db,
    await createUser(stack.db, { role: 'departement_agent', departementCode: '13' }),
  );
  relayName = (await insertRelay(stack.db, { communeCodes: ['69123'], name: 'Relais Lyon des déclarations' }))
    .name;
  // Four deadlines: the first is covered by her registration's declaration, the next three missed,
  // the last well after the others: it is missed after the département's referral.
  const policy = policyWith(deadlinesIn(20, 26, 32, 60), 1000);
  real = await activeChildminder(stack, moderator, { policy });
  firstMiss = await missing({ commune: VILLEURBANNE, misses: 1, daysAgo: 40 });
  repeated = await missing({ commune: GIVORS, misses: 3, daysAgo: 200 });
  recent = await missing({ commune: LYON_3, misses: 1, daysAgo: 0.01 });
  elsewhere = await missing({ commune: LYON_3, misses: 2, daysAgo: 40, departement: '13' });
  declared = await publishedChildminder(stack.db, { commune: LYON_3 });
  await waitFor('deux échéances manquées par son cycle de vie', 60_000, async () => {
    const n = await misses(real.registrationId);
    if (n < 2) throw new Error(`${n} seulement`);
  });
}, 180_000);
afterAll(async () => {
  for (const server of servers) server.close();
  servers = [];
  await stack?.teardown();
});

describe('the list of childminders who have not declared', () => {
  it('shows her département’s misses once the delay has passed, with its figures', async () => {
    const now = await api.get(LIST, agent);
    expect(now.status, JSON.stringify(now.body)).toBe(200);
    expect(ids(now.body)).toEqual([firstMiss.id, repeated.id, recent.id, real.registrationId].sort());
    expect(now.body.counts).toEqual({ total: 4, firstMiss: 2, repeated: 2, referred: 0 });
    expect(now.body.delayDays).toBe(0);
    expect(ids(now.body)).not.toContain(declared.id);

    // A day's delay: the misses of the last hours wait (hers, settled seconds ago, and the recent one).
    const later = await dayLate.get(LIST, agent);
    expect(ids(later.body)).toEqual([firstMiss.id, repeated.id].sort());
    expect(later.body.counts).toEqual({ total: 2, firstMiss: 1, repeated: 1, referred: 0 });
    expect(later.body.delayDays).toBe(1);
  });

  it('tells each one’s run of misses, her relay when one covers her commune, and never her NIR', async () => {
    const { body } = await api.get(LIST, agent);
    const byId = new Map(body.items.map((item: { registrationId: string }) => [item.registrationId, item]));
    const hers = byId.get(real.registrationId) as Record<string, unknown> & { missedDeadlines: string[] };
    expect(hers).toMatchObject({
      name: 'Camille DUPONT',
      communeName: 'Lyon 3e Arrondissement',
      postalCode: '69003',
      stage: 'repeated',
      relay: { name: relayName, phone: '04 00 00 00 00' },
      referral: null,
    });
    const settled = await stack
      .db('declaration_deadlines')
      .where({ registration_id: real.registrationId, outcome: 'overdue' })
      .orderBy('deadline')
      .pluck('deadline');
    expect(hers.missedDeadlines).toHaveLength(hers.consecutiveMisses as number);
    expect(hers.missedDeadlines).toEqual(
      settled.slice(0, hers.missedDeadlines.length).map((d: Date) => d.toISOString()),
    );
    expect(byId.get(repeated.id)).toMatchObject({
      consecutiveMisses: 3,
      stage: 'repeated',
      relay: null,
      missedDeadlines: repeated.deadlines.map((d) => d.toISOString()),
    });
    expect(byId.get(firstMiss.id)).toMatchObject({ stage: 'first_miss', relay: null });
    expect(JSON.stringify(body)).not.toContain(NAMED_PEOPLE.camille.nir);
    expect(JSON.stringify(body)).not.toMatch(/nir|birthDate|documents/i);
    const audited = await stack
      .db('audit_log')
      .where({ action: 'departement.missed_declarations_listed' })
      .count();
    expect(Number(audited[0]!.count)).toBeGreaterThan(0);
  });

  it('filters by commune (name, INSEE code or postal code), by misses in a row, and pages', async () => {
    const filtered = async (query: string) => ids((await api.get(`${LIST}?${query}`, agent)).body);
    expect(await filtered('commune=villeur')).toEqual([firstMiss.id]);
    expect(await filtered('commune=69700')).toEqual([repeated.id]);
    expect(await filtered(`commune=${LYON_3.code}`)).toEqual([recent.id, real.registrationId].sort());
    expect(await filtered('manquees=3')).toEqual([repeated.id]);
    expect(await filtered('manquees=2')).toEqual([repeated.id, real.registrationId].sort());
    expect(await filtered('commune=%25')).toEqual([]);
    const filteredBody = (await api.get(`${LIST}?manquees=2`, agent)).body;
    expect(filteredBody.matching).toBe(2);
    expect(filteredBody.counts.total).toBe(4);
    const second = await api.get(`${LIST}?page=2`, agent);
    expect(second.body).toMatchObject({ page: 2, pages: 1, matching: 4, items: [] });
    const wrong = await api.get(`${LIST}?manquees=zero&saisine=peut-etre`, agent);
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['manquees', 'saisine']);
  });

  it('shows another département nothing of these, and only its own', async () => {
    const theirs = await api.get(LIST, agentElsewhere);
    expect(ids(theirs.body)).toEqual([elsewhere.id]);
    expect(theirs.body.counts.total).toBe(1);
    const refused = await api.post(
      `${LIST}/${repeated.id}/referral`,
      { referredOn: '2026-01-05' },
      agentElsewhere,
    );
    expect(refused.status).toBe(404);
    const csv = await exportCsv(agentElsewhere);
    expect(csv).not.toContain(repeated.data.agrement.number);
  });

  it('exports the same filtered list as CSV for a French spreadsheet, and records the export', async () => {
    const before = Number(
      (await stack.db('audit_log').where({ action: 'departement.missed_declarations_exported' }).count())[0]!
        .count,
    );
    const response = await fetch(`${apiUrl}${LIST}.csv?manquees=2`, {
      headers: { authorization: `Bearer ${agent}` },
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers.get('content-disposition')).toMatch(/declarations-manquantes\.csv/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder()
      .decode(bytes)
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(MISSED_DECLARATIONS_CSV_HEADER.map((h) => `"${h}"`).join(';'));
    expect(lines).toHaveLength(3);
    const number = (await stack.db('registrations').where({ id: real.registrationId }).first('agrement'))
      .agrement.number as string;
    const hers = lines.find((line) => line.includes(number))!.split(';');
    expect(hers[0]).toBe('"Camille DUPONT"');
    expect(hers[2]).toBe('"Lyon 3e Arrondissement"');
    expect(hers[5]).toBe('"2"');
    expect(hers[6]).toBe(`"${relayName}"`);
    expect(hers[7]).toMatch(/^"04 00 00 00 00, relais\./);
    const givors = lines.find((line) => line.includes(repeated.data.agrement.number))!.split(';');
    expect(givors[4]!.split(', ')).toHaveLength(3);
    expect(givors[4]).toMatch(/^"\d{2}\/\d{2}\/\d{4}, /);
    expect(lines.join('\n')).not.toContain(NAMED_PEOPLE.camille.nir);
    expect(lines.join('\n')).not.toContain('1985');
    const after = Number(
      (await stack.db('audit_log').where({ action: 'departement.missed_declarations_exported' }).count())[0]!
        .count,
    );
    expect(after).toBe(before + 1);
  });
});

async function exportCsv(token: string) {
  const response = await fetch(`${apiUrl}${LIST}.csv`, { headers: { authorization: `Bearer ${token}` } });
  return response.text();
}

describe('the referral to the departmental commission', () => {
  const refer = (id: string, body: unknown, token = agent) => api.post(`${LIST}/${id}/referral`, body, token);

  it('is refused at a first miss, for one who declared, and for a date to come', async () => {
    const first = await refer(firstMiss.id, { referredOn: '2026-01-05' });
    expect(first.status).toBe(409);
    expect(first.body.code).toBe('first_miss_warning_only');
    const none = await refer(declared.id, { referredOn: '2026-01-05' });
    expect(none.status).toBe(409);
    expect(none.body.code).toBe('not_missed');
    const future = await refer(repeated.id, { referredOn: '2999-01-01' });
    expect(future.status).toBe(422);
    expect(future.body.errors[0].path).toBe('referredOn');
    const early = await refer(repeated.id, { referredOn: '2000-01-01' });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('referred_before_miss');
    const bad = await refer(repeated.id, { referredOn: 'hier', note: 'x'.repeat(1001) });
    expect(bad.status).toBe(422);
    expect(await stack.db('commission_referrals').count()).toEqual([{ count: '0' }]);
  });

  it('is recorded once, audited, on her timeline for staff and for her; her standing and publication untouched', async () => {
    // Her run of misses began seconds ago: today (in Paris) is the only day it may be referred on.
    const today = parisToday();
    const body = { referredOn: today, note: 'Courrier du 2 sans réponse.' };
    const first = await refer(real.registrationId, body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      outcome: 'recorded',
      referral: { referredOn: today, consecutiveMisses: 2 },
    });
    // Referred at two misses: the third deadline is still to come.
    expect(await misses(real.registrationId)).toBe(2);
    const again = await refer(real.registrationId, { referredOn: today, note: 'Une autre note' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      outcome: 'already_recorded',
      referral: { referredOn: today, note: body.note },
    });
    expect(
      await stack.db('commission_referrals').where({ registration_id: real.registrationId }).count(),
    ).toEqual([{ count: '1' }]);
    const audited = await stack
      .db('audit_log')
      .where({ action: 'departement.commission_referral', target_id: real.registrationId })
      .select('detail');
    expect(audited).toHaveLength(1);
    expect(JSON.stringify(audited[0].detail)).not.toContain('Courrier');

    const listed = await api.get(`${LIST}?saisine=oui`, agent);
    expect(ids(listed.body)).toEqual([real.registrationId]);
    expect(listed.body.counts.referred).toBe(1);
    expect(ids((await api.get(`${LIST}?saisine=non`, agent)).body)).not.toContain(real.registrationId);

    const staffCase = await api.get(`/api/staff/cases/${real.registrationId}`, moderatorToken);
    const staffEntry = staffCase.body.timeline.find(
      (e: { type: string }) => e.type === 'commission_referral',
    );
    expect(staffEntry).toMatchObject({
      data: { referredOn: today, note: body.note, consecutiveMisses: 2 },
    });
    expect(staffEntry.actorName).toBeTruthy();
    const herToken = await sessionFor(stack.db, real.owner);
    const hers = await api.get(`/api/registrations/${real.registrationId}`, herToken);
    const herEntry = hers.body.timeline.find((e: { type: string }) => e.type === 'commission_referral');
    expect(herEntry).toMatchObject({ actorName: null, data: { referredOn: today } });
    expect(herEntry.data.note).toBeUndefined();
    // After her workflow's events of that time, before what came later.
    const types = hers.body.timeline.map((e: { type: string }) => e.type);
    expect(types.indexOf('commission_referral')).toBeGreaterThan(types.lastIndexOf('approved'));

    // One more deadline missed after the referral: still the same run, still referred, nothing suspended.
    await waitFor('la troisième échéance manquée', 60_000, async () => {
      const n = await misses(real.registrationId);
      if (n < 3) throw new Error(`${n} seulement`);
    });
    await waitFor('sa fiche dans la liste à jour', 15_000, async () => {
      const item = (await api.get(`${LIST}?saisine=oui`, agent)).body.items[0];
      if (item?.consecutiveMisses !== 3) throw new Error(JSON.stringify(item));
    });
    expect((await refer(real.registrationId, { referredOn: today })).body.outcome).toBe('already_recorded');
    expect(
      await stack.db('agrement_standing').where({ registration_id: real.registrationId }).first(),
    ).toBeUndefined();
    expect((await events(real.registrationId)).filter((e) => e.startsWith('agrement_'))).toEqual([]);
    expect(
      (await stack.db('cases').where({ registration_id: real.registrationId }).first('status')).status,
    ).toBe('active');
    expect((await api.get(`/api/public/childminders/${real.registrationId}`)).status).toBe(200);
    const now = await api.get(`/api/registrations/${real.registrationId}`, herToken);
    expect(now.body.agrementStanding).toMatchObject({
      state: 'in_force',
      suspendedFrom: null,
      withdrawnFrom: null,
    });
    expect(now.body.case.status).toBe('active');
  });
});

describe('the referral’s code', () => {
  it('cannot reach her agrément’s standing, the notifications, her workflows nor her email', () => {
    const root = new URL('../../', import.meta.url).pathname;
    const reached = new Set<string>();
    const packages = new Set<string>();
    const walk = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      const source = readFileSync(file, 'utf8');
      for (const [, typeOnly, from, bare] of source.matchAll(
        /^import\s+(type\s+)?[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm,
      )) {
        const spec = from ?? bare!;
        if (typeOnly) continue;
        if (spec.startsWith('.')) walk(path.resolve(path.dirname(file), spec));
        else packages.add(spec);
      }
    };
    walk(path.join(root, 'api/routes/departement-missed.ts'));
    const files = [...reached].map((file) => path.relative(root, file));
    expect(files).toContain('api/departements/commission-referrals.ts');
    expect(
      files.filter((file) =>
        /agrement-notifications|agrement-standing|publishable|departements\/notifications|cases\/commands|outbox|mailer|^workflows\/|^activities\//.test(
          file,
        ),
      ),
    ).toEqual([]);
    expect([...packages].filter((name) => name.startsWith('@temporalio/'))).toEqual([]);
  });
});
