/**
 * The parents' search at national scale: seeds 310,000 published childminders spread over the real
 * communes in proportion to their population (INSEE populations of @etalab/decoupage-administratif),
 * with varied availability, then times the search's real code (api/search/query.ts) around a few
 * communes, with an age group, then also days and hours, first and deep pages, and prints a table.
 *
 *   node bench/search.ts                  # 310,000 profiles
 *   PROFILES=50000 RUNS=10 node bench/search.ts
 *   EXPLAIN=1 node bench/search.ts        # also prints the plan of the first query
 */
import { batchSql, searchPage, type SearchOrigin } from '../api/search/query.ts';
import type { TimeSlot, Weekday } from '../domain/availability.ts';
import { daysMask, slotMask, type Need } from '../domain/search.ts';
import { migrate, type Db } from '../infra/db.ts';
import { openBenchDatabase, printTimings, time, type Timing } from './support.ts';

const PROFILES = Number(process.env.PROFILES ?? 310_000);

const week = (days: Weekday[], start: string, end: string): TimeSlot[] =>
  days.map((day) => ({ day, start, end }));
/** Typical weeks (domain masks computed here, assigned at random in SQL). */
const PATTERNS: TimeSlot[][] = [
  week(['mon', 'tue', 'wed', 'thu', 'fri'], '07:30', '18:30'),
  week(['mon', 'tue', 'thu', 'fri'], '07:30', '18:30'),
  week(['mon', 'tue', 'wed', 'thu', 'fri'], '08:00', '17:00'),
  week(['mon', 'tue', 'thu', 'fri'], '08:30', '16:30'),
  week(['wed'], '07:30', '18:30'),
  week(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], '06:30', '19:30'),
  [...week(['mon', 'tue', 'wed', 'thu', 'fri'], '07:00', '12:00'), ...week(['mon', 'tue'], '13:30', '18:00')],
  week(['mon', 'tue', 'wed', 'thu', 'fri'], '16:00', '19:00'),
];

/** Childminders over the communes like the population, then their case, public copy and search row. */
async function seed(db: Db): Promise<void> {
  const patterns = PATTERNS.map((slots) => ({
    days: daysMask(slots.map((s) => s.day)),
    mask: slotMask(slots),
    slots: JSON.stringify(slots),
  }));
  await db.raw(`create temporary table patterns (n int, days smallint, mask bit(672), slots jsonb)`);
  await db('patterns').insert(patterns.map((p, n) => ({ n, days: p.days, mask: p.mask, slots: p.slots })));
  // Each current commune with a centre gets round(population share × PROFILES) childminders.
  await db.raw(
    `create temporary table placed as
     with share as (
       select code, name, postal_codes[1] as postal_code, departement, population::float8 / sum(population) over () as s
         from communes where centre is not null and population > 0
           -- Paris, Lyon and Marseille through their arrondissements, as childminders' addresses are.
           and code not in (select parent_code from communes where parent_code is not null))
     select row_number() over () as g, code, name, postal_code, departement
       from share, generate_series(1, round(s * ?)::int)`,
    [PROFILES],
  );
  await db.raw(
    `insert into users (id, email, email_normalized, password_hash, role, display_name)
     select md5('am-' || g)::uuid, 'am' || g || '@bench.test', 'am' || g || '@bench.test', 'x', 'childminder', 'AM ' || g
       from placed`,
  );
  await db.raw(
    `insert into registrations (id, user_id) select md5('ra-' || g)::uuid, md5('am-' || g)::uuid from placed`,
  );
  await db.raw(
    `insert into cases (registration_id, workflow_id, status, office_id, departement, status_since, seq)
     select md5('ra-' || p.g)::uuid, 'childminder:' || md5('ra-' || p.g)::uuid, 'active', rt.office_id, p.departement,
            now(), 2
       from placed p left join routing rt on rt.departement_code = p.departement`,
  );
  // 60 % with places, 30 % complète, 10 % indisponible; 8 % overdue; declared over the last six months.
  await db.raw(
    `create temporary table drawn as
     select p.*, case when x < 0.6 then 'available' when x < 0.9 then 'full' else 'unavailable' end as status,
            (random() * 7)::int % 8 as pattern, random() < 0.08 as overdue,
            now() - random() * interval '180 days' as declared_at,
            (current_date + (random() * 200)::int - 120) as available_from,
            (random() * 2.4)::int as u3, (random() * 1.6)::int as m3, (random() * 1.3)::int as o6
       from placed p, lateral (select random() + 0 * p.g as x) draw`,
  );
  await db.raw(
    `insert into public_profiles (registration_id, profile)
     select md5('ra-' || d.g)::uuid, jsonb_build_object(
              'name', 'Assistante ' || d.g, 'workplace', case when d.g % 60 = 0 then 'mam' else 'home' end,
              'mamName', null, 'commune', d.name, 'postalCode', d.postal_code, 'address', null,
              'phone', null, 'email', 'am' || d.g || '@bench.test', 'departement', d.departement, 'capacity', 3,
              'availability', jsonb_build_object('status', d.status, 'from', d.available_from,
                'places', jsonb_build_object('under3', d.u3, 'from3to6', d.m3, 'over6', d.o6),
                'slots', t.slots))
       from drawn d join patterns t on t.n = d.pattern`,
  );
  await db.raw(
    `insert into search_profiles (registration_id, commune_code, workplace, availability_status, available_from,
       places_under3, places_from3to6, places_over6, days_mask, slot_mask, declared_at, overdue)
     select md5('ra-' || d.g)::uuid, d.code, case when d.g % 60 = 0 then 'mam' else 'home' end, d.status,
            d.available_from,
            case when d.status = 'available' then d.u3 else 0 end, case when d.status = 'available' then d.m3 else 0 end,
            case when d.status = 'available' then greatest(d.o6, case when d.u3 + d.m3 = 0 then 1 else 0 end) else 0 end,
            t.days, t.mask, d.declared_at, d.overdue
       from drawn d join patterns t on t.n = d.pattern`,
  );
  await db.raw('vacuum analyze');
}

async function originOf(db: Db, code: string): Promise<SearchOrigin> {
  const row = await db('communes').where({ code }).first('code', 'name', 'postal_codes', 'centre');
  return {
    code,
    name: row.name,
    postalCodes: row.postal_codes,
    centre: { lon: row.centre.x, lat: row.centre.y },
  };
}

const need = (extra: Partial<Need> = {}): Need => ({
  ageGroup: 'under3',
  days: [],
  hours: null,
  startDate: null,
  workplace: null,
  ...extra,
});
const schoolWeek: Partial<Need> = {
  days: ['mon', 'tue', 'thu', 'fri'],
  hours: { from: '08:30', to: '17:30' },
};

/** A cursor `pages` pages into the results, as a parent paging that far would hold. */
async function cursorAfter(db: Db, origin: SearchOrigin, radius: number, wanted: Need, pages: number) {
  let after: string | undefined;
  let reached = 0;
  for (; reached < pages; reached++) {
    const page = await searchPage(db, origin, radius, wanted, { after });
    if (!page.next) break;
    after = page.next;
  }
  return { after, reached };
}

async function main(): Promise<void> {
  const started = Date.now();
  const { db, stop } = await openBenchDatabase('bench_search');
  try {
    await migrate(db);
    await seed(db);
    const seeded = Date.now();
    const total: number = (await db('search_profiles').count<[{ count: string }]>('* as count'))[0]!
      .count as never;
    const places = [
      ['75111', 'Paris 11e'],
      ['69383', 'Lyon 3e'],
      ['35238', 'Rennes'],
      ['24322', 'Périgueux'],
      ['48095', 'Mende'],
    ] as const;
    const timings: Timing[] = [];
    for (const [code, label] of places) {
      const origin = await originOf(db, code);
      const run =
        (wanted: Need, radius = 10, after?: string) =>
        async () =>
          (await searchPage(db, origin, radius, wanted, { after })).items.length;
      timings.push(await time(`${label} + 10 km, under 3`, run(need())));
      timings.push(
        await time(`${label} + 10 km, under 3, Mon/Tue/Thu/Fri 08:30–17:30`, run(need(schoolWeek))),
      );
      const deep = await cursorAfter(db, origin, 10, need(), 25);
      timings.push(
        await time(`${label} + 10 km, under 3, page ${deep.reached + 1}`, run(need(), 10, deep.after)),
      );
      if (code === '75111' || code === '69383') {
        timings.push(await time(`${label} + 20 km, under 3, school week`, run(need(schoolWeek), 20)));
        timings.push(await time(`${label}, in the commune, any age`, run(need({ ageGroup: null }), 0)));
      }
    }
    if (process.env.EXPLAIN) {
      // The walk's first batch for Paris 11e: its four nearest communes, rank 0, the school week.
      const near = await db.raw(
        `select c.code from communes c, communes o where o.code = '75111' and c.centre is not null
          order by c.centre <-> o.centre limit 4`,
      );
      const codes = near.rows.map((r: { code: string }) => r.code);
      const { sql, bindings } = batchSql(0, codes, need(schoolWeek), null, 21);
      const plan = await db.raw(`explain (analyze, buffers) ${sql}`, bindings);
      console.log(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
    }
    await printTimings(
      db,
      `${Number(total).toLocaleString('en')} profiles`,
      (seeded - started) / 1000,
      '20 results a page',
      timings,
    );
  } finally {
    await stop();
  }
}

await main();
