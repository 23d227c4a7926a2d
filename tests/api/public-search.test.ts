/**
 * The parents' search through the API, on known data around Lyon: filters (age group, days and
 * hours, start date, home or MAM, distance), the order (a fitting place first, nearest first, then
 * the most recently confirmed; "complète" after; an overdue declaration last), keyset pages, and who
 * is never listed. Privacy: a field she hides never appears in any public answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchPage } from '../../api/search/query.ts';
import fc from 'fast-check';
import { placesWithinAgrement } from '../../domain/agrement.ts';
import type { Availability } from '../../domain/availability.ts';
import { availabilityFits, DAYS, needOf, searchQuerySchema } from '../../domain/search.ts';
import { apiClient } from '../support/api-client.ts';
import { GIVORS, LYON_1, MEYZIEU, publishedChildminder, VILLEURBANNE } from '../support/search.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
const ids: Record<string, string> = {};

const days = (list: string[], start = '07:30', end = '18:30') =>
  list.map((day) => ({ day: day as 'mon', start, end }));

beforeAll(async () => {
  stack = await setUpFile('api-public-search', { api: true });
  api = apiClient(stack.apiUrl);
  const put = async (key: string, spec: Parameters<typeof publishedChildminder>[1]) => {
    ids[key] = (await publishedChildminder(stack.db, { lastName: key.toUpperCase(), ...spec })).id;
  };
  await put('lyon3old', { declaredAt: '2026-06-01T08:00:00Z' });
  await put('lyon3new', { declaredAt: '2026-11-20T08:00:00Z' });
  await put('villeurbanne', {
    commune: VILLEURBANNE,
    availability: { places: { under3: 0, from3to6: 2, over6: 0 } },
  });
  await put('lyon1wed', { commune: LYON_1, availability: { slots: days(['wed'], '08:00', '17:00') } });
  await put('givors', { commune: GIVORS });
  await put('meyzieu', { commune: MEYZIEU });
  await put('mam', {
    workplace: 'mam',
    publication: { showAddress: true, showPhone: false, showEmail: true },
  });
  await put('later', { availability: { from: '2027-09-01' } });
  await put('full', { availability: { status: 'full', places: { under3: 0, from3to6: 0, over6: 0 } } });
  await put('overdue', { overdue: true, declaredAt: '2025-10-01T08:00:00Z' });
  await put('unavailable', {
    availability: { status: 'unavailable', places: { under3: 0, from3to6: 0, over6: 0 }, slots: [] },
  });
  await put('hidden', {
    street: '7 impasse Secrète',
    phone: '06 98 76 54 32',
    publication: { showAddress: false, showPhone: false, showEmail: true },
  });
  await put('rejected', {});
  await stack.db('cases').where({ registration_id: ids.rejected }).update({ status: 'rejected' });
  await put('moving', {});
  await stack.db('cases').where({ registration_id: ids.moving }).update({ status: 'change_in_moderation' });
});
afterAll(() => stack?.teardown());

const centreOf = async (code: string) => {
  const row = await stack.db('communes').where({ code }).first('centre');
  return { lon: row.centre.x, lat: row.centre.y };
};
const search = async (query: string) => {
  const response = await api.get(`/api/public/search?${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
};
const names = (body: { items: Array<{ id: string }> }) =>
  body.items.map((item) => Object.keys(ids).find((key) => ids[key] === item.id));

describe('the search', () => {
  it('lists those with a place nearest first, the most recently confirmed first, then “complète”, then overdue', async () => {
    const body = await search('commune=69383&rayon=5');
    const listed = names(body);
    expect(listed.indexOf('lyon3new')).toBeLessThan(listed.indexOf('lyon3old'));
    // Villeurbanne and Lyon 1er are a few km away: after everyone in Lyon 3e with a place.
    expect(listed.indexOf('villeurbanne')).toBeGreaterThan(listed.indexOf('lyon3old'));
    expect(listed.slice(-2)).toEqual(['full', 'overdue']);
    expect(body.items.at(-1).rank).toBe(2);
    expect(body.items.find((i: { id: string }) => i.id === ids.lyon3new).distanceKm).toBe(0);
    expect(listed).not.toContain('givors');
  });

  it('never lists an unavailable, rejected or unknown childminder; a change being checked stays listed', async () => {
    const listed = names(await search('commune=69383&rayon=20'));
    expect(listed).not.toContain('unavailable');
    expect(listed).not.toContain('rejected');
    expect(listed).toContain('moving');
  });

  it('counts distances between communes’ centres: Meyzieu (12 km) within 20 km, Givors (20.6 km) not', async () => {
    const twenty = await search('commune=69383&rayon=20');
    expect(names(twenty)).toContain('meyzieu');
    expect(names(twenty)).not.toContain('givors');
    expect(twenty.items.find((i: { id: string }) => i.id === ids.meyzieu).distanceKm).toBeCloseTo(12.2, 0);
    expect(names(await search('commune=69383&rayon=10'))).not.toContain('meyzieu');
    expect(names(await search('commune=69091&rayon=0'))).toEqual(['givors']);
  });

  it('filters by age group, days and hours, start date, and home or MAM', async () => {
    expect(names(await search('commune=69383&rayon=10&age=from3to6')).filter((n) => n !== 'full')).toEqual([
      'villeurbanne',
    ]);
    const wednesday = names(await search('commune=69383&rayon=10&jours=wed&de=08:30&a=16:00'));
    expect(wednesday.filter((n) => n !== 'full')).toEqual(['lyon1wed']);
    // Her Wednesday ends at 17:00: a need until 17:15 is not covered.
    expect(names(await search('commune=69383&rayon=10&jours=wed&de=08:30&a=17:15'))).not.toContain(
      'lyon1wed',
    );
    expect(names(await search('commune=69383&rayon=0&debut=2027-01-04'))).not.toContain('later');
    expect(names(await search('commune=69383&rayon=0&debut=2027-09-01'))).toContain('later');
    expect(names(await search('commune=69383&rayon=0&lieu=mam'))).toEqual(['mam']);
  });

  it('pages with a cursor, without repeating or skipping anyone, across ranks and communes', async () => {
    const whole = names(await search('commune=69383&rayon=20'));
    const origin = {
      code: '69383',
      name: 'Lyon 3e',
      postalCodes: ['69003'],
      centre: await centreOf('69383'),
    };
    const need = needOf(searchQuerySchema.parse({ commune: '69383' }));
    const seen: unknown[] = [];
    let after: string | undefined;
    for (let i = 0; i < 20; i++) {
      const page = await searchPage(stack.db, origin, 20, need, { after, limit: 2 });
      seen.push(...names(page));
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toEqual(whole);
    expect(seen.length).toBeGreaterThan(10);
  });

  it('includes a city’s arrondissements when searching the city itself', async () => {
    const listed = names(await search('commune=69123&rayon=0'));
    expect(listed).toContain('lyon3new');
    expect(listed).toContain('lyon1wed');
  });

  it('refuses an unknown commune or a bad filter with French messages on the fields', async () => {
    const unknown = await api.get('/api/public/search?commune=69999');
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0]).toMatchObject({ path: 'commune' });
    const bad = await api.get('/api/public/search?commune=69383&rayon=7&de=18:00&a=08:00&jours=wed');
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['a', 'rayon']);
    expect((await api.get('/api/public/search?commune=69383&apres=abc')).body.code).toBe('invalid_cursor');
  });
});

describe('one rule for the search and the domain', () => {
  it('lists with a place exactly those the domain says fit (random declarations and needs)', async () => {
    const MENDE = { code: '48095', name: 'Mende', postalCode: '48000' };
    const random = fc.sample(
      fc.record({
        places: fc.record({ under3: fc.nat(2), from3to6: fc.nat(1), over6: fc.nat(1) }),
        days: fc.subarray(DAYS, { minLength: 1 }),
        start: fc.constantFrom('07:00', '07:40', '08:00', '08:30'),
        end: fc.constantFrom('16:30', '17:20', '18:00', '19:00'),
        from: fc.constantFrom('2026-09-01', '2027-01-01'),
        workplace: fc.constantFrom('home', 'mam'),
      }),
      { numRuns: 30, seed: 12 },
    );
    const declared = new Map<string, { availability: Availability; workplace: 'home' | 'mam' }>();
    for (const r of random) {
      const availability: Availability = {
        status: 'available',
        from: r.from,
        places: r.places,
        slots: r.days.map((day) => ({ day, start: r.start, end: r.end })),
      };
      if (Object.values(r.places).every((n) => n === 0)) availability.places.under3 = 1;
      const { id, data } = await publishedChildminder(stack.db, {
        commune: MENDE,
        availability,
        workplace: r.workplace as 'home' | 'mam',
        publication: { showAddress: true, showPhone: true, showEmail: true },
      });
      // Parents see her places within her agrément (4 declared, capacity 3: 3 shown, the youngest first).
      const places = placesWithinAgrement(availability.places, data.agrement);
      declared.set(id, {
        availability: { ...availability, places },
        workplace: r.workplace as 'home' | 'mam',
      });
    }
    const needs = fc.sample(
      fc.record({
        age: fc.constantFrom(undefined, 'under3', 'from3to6', 'over6'),
        jours: fc.subarray(DAYS, { maxLength: 3 }),
        hours: fc.constantFrom(undefined, ['08:00', '17:00'], ['07:30', '18:00'], ['07:45', '17:15']),
        debut: fc.constantFrom(undefined, '2026-09-01', '2026-10-01', '2027-01-01'),
        lieu: fc.constantFrom(undefined, 'home', 'mam'),
      }),
      { numRuns: 25, seed: 7 },
    );
    for (const n of needs) {
      const query = {
        commune: MENDE.code,
        rayon: 0,
        age: n.age,
        jours: n.jours,
        ...(n.hours && n.jours.length ? { de: n.hours[0], a: n.hours[1] } : {}),
        debut: n.debut,
        lieu: n.lieu,
      };
      const parsed = searchQuerySchema.parse(query);
      const origin = { code: MENDE.code, name: 'Mende', postalCodes: ['48000'], centre: null };
      const page = await searchPage(stack.db, origin, 0, needOf(parsed), { limit: 100 });
      const listed = page.items
        .filter((i) => i.rank === 0)
        .map((i) => i.id)
        .sort();
      const expected = [...declared]
        .filter(([, d]) => availabilityFits(d.availability, d.workplace, needOf(parsed)))
        .map(([id]) => id)
        .sort();
      expect(listed, JSON.stringify(query)).toEqual(expected);
    }
  });
});

describe('what a parent sees of her', () => {
  it('never shows a field she hides, in the search or on her page', async () => {
    const page = await api.get(`/api/public/childminders/${ids.hidden}`);
    expect(page.status).toBe(200);
    const everything = JSON.stringify([page.body, await search('commune=69383&rayon=20')]);
    expect(everything).not.toContain('Secrète');
    expect(everything).not.toContain('06 98 76 54 32');
    expect(page.body.profile).toMatchObject({ address: null, phone: null });
    expect(page.body.profile.email).toMatch(/@exemple\.test$/);
    // A MAM's address is always public.
    const mam = await api.get(`/api/public/childminders/${ids.mam}`);
    expect(mam.body.profile.address).toMatch(/rue Cachée/);
  });

  it('answers 404 for a childminder parents may not see', async () => {
    expect((await api.get(`/api/public/childminders/${ids.rejected}`)).status).toBe(404);
    expect((await api.get('/api/public/childminders/pas-un-id')).status).toBe(404);
    expect((await api.get(`/api/public/childminders/${ids.moving}`)).status).toBe(200);
  });
});
