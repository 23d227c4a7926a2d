/**
 * The moderation queue at national scale: seeds 300,000 cases in PostgreSQL (the embedded one, or
 * DATABASE_URL's, in a database of its own), then times the queue's real code (api/cases/queue-query.ts)
 * on first pages, deep pages and filtered pages, and prints a markdown table.
 *
 * Then STAFF (50) members of staff at once, each a moderator of her own office (the busiest ones
 * first) or, one in ten, a national supervisor, each loading ROUNDS (10) queue pages as the queue page
 * does (its first page and its counts), through the product's pool (10 connections): the latency of
 * each page load, p50 / p95, and the pages served per second. Twice: all at once with no pause (the
 * pool's saturation: 50 loads always waiting), then at a person's pace (each member of staff loads her
 * page every STAFF_PACE_MS, 2,000 by default, from her own offset in that interval: 25 loads a second
 * for 50, well above what 50 people reading cases ask).
 *
 *   node bench/queue.ts            # 300,000 cases
 *   CASES=50000 STAFF=100 node bench/queue.ts
 */
import {
  applyQueueFilter,
  encodeCursor,
  orderQueue,
  queueCounts,
  queuePage,
} from '../api/cases/queue-query.ts';
import type { Actor } from '../domain/case-rules.ts';
import { queueFilterSchema, type QueueFilterInput } from '../domain/queue-filter.ts';
import { migrate, type Db } from '../infra/db.ts';
import { openBenchDatabase, printTimings, time } from './support.ts';

const CASES = Number(process.env.CASES ?? 300_000);
const MODERATORS_PER_OFFICE = 5;
const STAFF = Number(process.env.STAFF ?? 50);
const ROUNDS = Number(process.env.ROUNDS ?? 10);
const STAFF_PACE_MS = Number(process.env.STAFF_PACE_MS ?? 2000);

/** Moderators (ids derived from their office), then childminders, registrations and cases, in SQL. */
async function seed(db: Db): Promise<void> {
  await db.raw(
    `insert into users (id, email, email_normalized, password_hash, role, office_id, display_name)
     select md5(o.id || '-' || k)::uuid, o.id || '.' || k || '@bench.test', o.id || '.' || k || '@bench.test',
            'not-a-hash', 'moderator', o.id, 'Modératrice ' || k
       from offices o, generate_series(1, ?) k`,
    [MODERATORS_PER_OFFICE],
  );
  await db.raw(
    `insert into users (id, email, email_normalized, password_hash, role, display_name)
     select md5('cm-' || g)::uuid, 'cm' || g || '@bench.test', 'cm' || g || '@bench.test', 'not-a-hash',
            'childminder', 'Assistante ' || g
       from generate_series(1, ?) g`,
    [CASES],
  );
  // Each case gets a random served département: offices get work in proportion to their départements.
  await db.raw(
    `with served as (select array_agg(departement_code order by departement_code) as codes from routing)
     insert into registrations (id, user_id, identity, agrement, submitted_at)
     select md5('reg-' || g)::uuid, md5('cm-' || g)::uuid,
            jsonb_build_object('birthName', 'NOM' || g, 'usageName', null,
                               'firstNames', jsonb_build_array('Prénom' || (g % 97))),
            jsonb_build_object('number', 'AG-' || g, 'departement',
                               served.codes[1 + floor(random() * array_length(served.codes, 1))::int],
                               -- about 2 % past their last day, not yet renewed
                               'expiryDate', to_char(current_date - 60 + floor(random() * 3000)::int, 'YYYY-MM-DD')),
            now() - random() * interval '3 years'
       from generate_series(1, ?) g, served`,
    [CASES],
  );
  await db.raw(
    `insert into cases (registration_id, workflow_id, status, office_id, holder_id, departement, identity_outcome,
                        submitted_at, status_since, due_at, seq)
     select r.id, 'registration:' || r.id, s.status, rt.office_id,
            case when s.status = 'in_moderation' and random() < 0.4
                 then md5(rt.office_id || '-' || (1 + floor(random() * ?))::int)::uuid end,
            r.agrement_departement, 'certified', r.submitted_at, r.submitted_at,
            r.submitted_at + interval '14 days' + random() * interval '3 years', 1
       from registrations r
       join routing rt on rt.departement_code = r.agrement_departement
       -- the lateral draw refers to the row, so that PostgreSQL draws anew for each case
       cross join lateral (select case when x < 0.65 then 'active' when x < 0.70 then 'rejected'
                                       when x < 0.90 then 'in_moderation' when x < 0.95 then 'correction_requested'
                                       else 'awaiting_document' end as status
                             from (select random() + 0 * length(r.id::text) as x) draw) s`,
    [MODERATORS_PER_OFFICE],
  );
  // As a live database would be: statistics known, visibility map set (autovacuum would do it later).
  await db.raw('vacuum analyze');
}

/** A cursor `depth` rows into a filtered queue, as a moderator paging that far would hold. */
async function cursorAt(db: Db, actor: Actor, input: QueueFilterInput, depth: number): Promise<string> {
  const filter = queueFilterSchema.parse(input);
  const row = await db('cases as c')
    .whereIn('c.office_id', actor.officeIds)
    .whereIn('c.status', filter.statuses ?? ['in_moderation'])
    .orderByRaw(`coalesce(c.submitted_at, 'infinity'::timestamptz), c.registration_id`)
    .offset(depth)
    .first(
      db.raw(`coalesce(c.submitted_at, 'infinity'::timestamptz)::text as key`),
      'c.registration_id as id',
    );
  if (!row) throw new Error(`Moins de ${depth} dossiers dans cette file`);
  return encodeCursor(row.key, row.id);
}

async function main(): Promise<void> {
  const started = Date.now();
  const { db, stop } = await openBenchDatabase('bench_queue');
  try {
    await migrate(db);
    await seed(db);
    const seeded = Date.now();
    const [busiest] = await db('cases')
      .where({ status: 'in_moderation' })
      .groupBy('office_id')
      .orderByRaw('count(*) desc')
      .select('office_id as officeId', db.raw('count(*)::int as waiting'));
    const moderator: Actor = {
      userId: (await db('users').where({ role: 'moderator', office_id: busiest.officeId }).first('id')).id,
      role: 'moderator',
      officeIds: [busiest.officeId],
    };
    const national: Actor = {
      userId: moderator.userId,
      role: 'supervisor',
      officeIds: await db('offices').pluck('id'),
    };
    const departement = (await db('routing').where({ office_id: busiest.officeId }).first('departement_code'))
      .departement_code;
    const page = (actor: Actor, input: QueueFilterInput, after?: string) => async () =>
      (await queuePage(db, queueFilterSchema.parse(input), actor, { limit: 50, after })).items.length;
    const deepMine = await cursorAt(db, moderator, {}, Math.floor(busiest.waiting * 0.9));
    const deepNational = await cursorAt(db, national, {}, Math.floor(CASES * 0.2 * 0.9));

    const timings = [
      await time(`1st page, moderator (${busiest.waiting} waiting in her office)`, page(moderator, {})),
      await time('deep page (90 % down), moderator', page(moderator, {}, deepMine)),
      await time(
        '1st page, unheld and late, by due date',
        page(moderator, { holder: 'unheld', due: 'overdue', sort: 'due' }),
      ),
      await time(
        `1st page, one département (${departement}), newest first`,
        page(moderator, { departements: [departement], sort: '-submitted' }),
      ),
      await time('1st page, held by me', page(moderator, { holder: 'mine' })),
      await time(
        '1st page, submitted 30 to 60 days ago',
        page(moderator, { minAgeDays: 30, maxAgeDays: 60 }),
      ),
      await time('1st page, agrément expiré, moderator', page(moderator, { agrement: 'expired' })),
      await time('1st page, agrément expiré, national supervisor', page(national, { agrement: 'expired' })),
      await time('1st page, national supervisor (all offices)', page(national, {})),
      await time('deep page (90 % down), national supervisor', page(national, {}, deepNational)),
      await time(
        'counts per status, moderator',
        async () => (await queueCounts(db, queueFilterSchema.parse({}), moderator)).total,
      ),
      await time(
        'counts per status, national supervisor',
        async () => (await queueCounts(db, queueFilterSchema.parse({}), national)).total,
      ),
    ];
    const concurrent = await staffAtOnce(db, national, 0);
    const paced = await staffAtOnce(db, national, STAFF_PACE_MS);
    if (process.env.EXPLAIN) {
      const first = orderQueue(
        applyQueueFilter(
          db('cases as c')
            .join('registrations as r', 'r.id', 'c.registration_id')
            .select('c.registration_id', 'r.identity'),
          queueFilterSchema.parse({}),
          moderator,
        ),
        'submitted',
      ).limit(51);
      const plan = await db.raw(`explain analyze ${first.toQuery()}`);
      console.log(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
    }
    await printTimings(
      db,
      `${CASES.toLocaleString('en')} cases`,
      (seeded - started) / 1000,
      '50 rows a page',
      timings,
    );
    console.log(`\n${STAFF} staff, ${ROUNDS} queue page loads each (first page + counts), pool of 10:\n`);
    console.log('| measure | all at once, no pause | one load every ' + STAFF_PACE_MS + ' ms each | goal |');
    console.log('|---|---:|---:|---|');
    const at = (latencies: number[], q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    const row = (label: string, value: (r: typeof concurrent) => string, goal = '') =>
      console.log(`| ${label} | ${value(concurrent)} | ${value(paced)} | ${goal} |`);
    row('page loads', (r) => `${r.latencies.length} in ${r.seconds.toFixed(1)} s`);
    row('page loads/s', (r) => (r.latencies.length / r.seconds).toFixed(0));
    row(
      'page load p50 / p95 (ms)',
      (r) => `${at(r.latencies, 0.5).toFixed(1)} / ${at(r.latencies, 0.95).toFixed(1)}`,
      'p95 ≤ 30 ms',
    );
    row(
      '… p95 moderators / national supervisors (ms)',
      (r) => `${at(r.moderators, 0.95).toFixed(1)} / ${at(r.national, 0.95).toFixed(1)}`,
    );
  } finally {
    await stop();
  }
}

/**
 * STAFF members of staff loading their queue page ROUNDS times each: moderators of the offices with
 * the most work first, every tenth a national supervisor. With `paceMs` 0, each loads again as soon
 * as her page came; otherwise her k-th load starts at her offset + k × paceMs (or as soon as her
 * previous one came, if later), the offsets evenly spread over one interval. Latencies sorted, in ms.
 */
async function staffAtOnce(db: Db, national: Actor, paceMs: number) {
  const moderators: Array<{ id: string; officeId: string }> = await db('users as u')
    .join(
      db('cases')
        .where({ status: 'in_moderation' })
        .groupBy('office_id')
        .select('office_id', db.raw('count(*) as n'))
        .as('w'),
      'w.office_id',
      'u.office_id',
    )
    .where('u.role', 'moderator')
    .orderBy([{ column: 'w.n', order: 'desc' }, 'u.id'])
    .select('u.id', 'u.office_id as officeId');
  const staff: Actor[] = Array.from({ length: STAFF }, (_, i) =>
    i % 10 === 9
      ? national
      : {
          userId: moderators[i % moderators.length]!.id,
          role: 'moderator',
          officeIds: [moderators[i % moderators.length]!.officeId],
        },
  );
  const filter = queueFilterSchema.parse({});
  const latencies: number[] = [];
  const moderatorLatencies: number[] = [];
  const nationalLatencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    staff.map(async (actor, i) => {
      const offset = (paceMs * i) / STAFF;
      for (let round = 0; round < ROUNDS; round++) {
        const due = started + offset + round * paceMs;
        if (paceMs > 0 && performance.now() < due)
          await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
        const start = performance.now();
        await Promise.all([queuePage(db, filter, actor, { limit: 50 }), queueCounts(db, filter, actor)]);
        const took = performance.now() - start;
        latencies.push(took);
        (actor.role === 'moderator' ? moderatorLatencies : nationalLatencies).push(took);
      }
    }),
  );
  const sorted = (values: number[]) => values.sort((a, b) => a - b);
  return {
    latencies: sorted(latencies),
    moderators: sorted(moderatorLatencies),
    national: sorted(nationalLatencies),
    seconds: (performance.now() - started) / 1000,
  };
}

await main();
