/**
 * Availability declarations through the HTTP API: N active childminders (seeded as the demo seeds
 * them: her rows in SQL, her lifecycle started as activation hands it over), each declaring D times
 * « complète » then « indisponible » in turn (`POST /api/registrations/:id/profile/availability/:status`,
 * the Update `changeProfile` of her lifecycle), C at a time, never two at once for the same person.
 * In the same run, two floors on the same Temporal server and worker settings: an Update that does
 * nothing on a waiting workflow, and one making the declaration's four activities (empty).
 *
 *   node bench/declarations.ts                               # N=100, D=10, C=20
 *   CHILDMINDERS=200 DECLARATIONS=10 CONCURRENCY=20 node bench/declarations.ts
 *   BENCH_STACK=cluster node bench/declarations.ts
 */
import { createSession } from '../api/auth/sessions.ts';
import { hashPassword } from '../api/auth/passwords.ts';
import { MAX_CHANGES_PER_DAY } from '../domain/profile-changes.ts';
import { insertPublishedChildminder } from '../stack/published-childminder.ts';
import { childminderWorkflowId } from '../workflows/childminder.ts';
import { registrationFor, uniqueEmail } from '../tests/support/fixtures.ts';
import { historyCost } from '../tests/support/history-cost.ts';
import { cpuByProcess } from './stack.ts';
import { check, measuredOn, ms, percentile, pool, startDrivenStack, startLifecycle, until } from './drive.ts';
import { finishSignal, fourStepsUpdate, noOpUpdate, waiting } from './update-floors.ts';

const N = Number(process.env.CHILDMINDERS ?? 100);
const D = Number(process.env.DECLARATIONS ?? 10);
const C = Math.min(N, Number(process.env.CONCURRENCY ?? 20));
if (D > MAX_CHANGES_PER_DAY)
  throw new Error(`DECLARATIONS=${D} : ${MAX_CHANGES_PER_DAY} modifications par jour au plus`);

const started = Date.now();
const run = await startDrivenStack({
  prefix: 'bench_declarations',
  floorWorkflows: new URL('./update-floors.ts', import.meta.url),
  floorActivities: { nothing: async () => {} },
});
const { db, keys, temporal, api } = run;

// ——— N active childminders, her lifecycle waiting for the next legal deadline. ———
const passwordHash = await hashPassword('un mot de passe de banc d’essai');
const office = (await db('routing').where({ departement_code: '69' }).first('office_id')).office_id as string;
const people: Array<{ id: string; token: string }> = new Array(N);
await pool(N, 10, async (i) => {
  const email = uniqueEmail('bench');
  const { registrationId, userId } = await insertPublishedChildminder(db, keys, {
    email,
    passwordHash,
    displayName: `Assistante ${i}`,
    data: registrationFor(),
    officeId: office,
  });
  await startLifecycle(temporal, run.taskQueue, { registrationId, ownerId: userId, officeId: office });
  people[i] = { id: registrationId, token: (await createSession(db, userId, 'childminder')).token };
});
const ids = people.map((p) => p.id);
// Her lifecycle's first run writes her next deadline: then it only waits.
await until('les suivis de déclaration', 300_000, async () => {
  const [row] = await db('declaration_status')
    .whereIn('registration_id', ids)
    .whereNotNull('next_deadline')
    .count<Array<{ n: string }>>({ n: '*' });
  return Number(row?.n) === N;
});
const seededSeconds = (Date.now() - started) / 1000;
const floors = Array.from({ length: N }, (_, i) => `bench-waiting-${Date.now().toString(36)}-${i}`);
await pool(N, 10, async (i) => {
  await temporal.workflow.start(waiting, { workflowId: floors[i]!, taskQueue: run.floorQueue });
});

/**
 * D rounds over the N, C lanes at once; lane j owns people j, j+C, …, so that nobody has two
 * declarations under way at once (she waits for her answer).
 */
async function drive(declare: (person: number, round: number) => Promise<void>) {
  const latency: number[] = [];
  const from = performance.now();
  await pool(C, C, async (lane) => {
    for (let round = 0; round < D; round++)
      for (let person = lane; person < N; person += C) {
        const at = performance.now();
        await declare(person, round);
        latency.push(performance.now() - at);
      }
  });
  const seconds = (performance.now() - from) / 1000;
  return { rate: (N * D) / seconds, p50: percentile(latency, 0.5), p95: percentile(latency, 0.95) };
}

const floorOf = (update: typeof noOpUpdate) =>
  drive(async (person) => {
    await temporal.workflow.getHandle(floors[person]!).executeUpdate(update);
  });

const before = historyCost(await temporal.workflow.getHandle(childminderWorkflowId(ids[0]!)).fetchHistory());
const floorA = await floorOf(noOpUpdate);
const cpuFrom = cpuByProcess();
const ours = await drive(async (person, round) => {
  const { id, token } = people[person]!;
  const status = round % 2 === 0 ? 'full' : 'unavailable';
  const answer = await api.post(`/api/registrations/${id}/profile/availability/${status}`, {}, token);
  check(answer, 'déclaration');
  if (answer.body.outcome !== 'applied') throw new Error(`déclaration : ${JSON.stringify(answer.body)}`);
});
const cpuTo = cpuByProcess();
const floorB = await floorOf(fourStepsUpdate);
const after = historyCost(await temporal.workflow.getHandle(childminderWorkflowId(ids[0]!)).fetchHistory());

// ——— Every declaration exactly once, from the database: her timeline, her change, her standing. ———
const perPerson = await db('case_events')
  .whereIn('registration_id', ids)
  .where({ type: 'availability_declared' })
  .groupBy('registration_id')
  .select('registration_id', db.raw('count(*)::int as n'));
const exact = perPerson.filter((row) => row.n === D).length;
const [applied] = await db('profile_changes')
  .whereIn('registration_id', ids)
  .where({ section: 'availability', status: 'applied' })
  .count<Array<{ n: string }>>({ n: '*' });
const lastStatus = (D - 1) % 2 === 0 ? 'full' : 'unavailable';
const [standing] = await db('declaration_status')
  .whereIn('registration_id', ids)
  .where({ availability_status: lastStatus })
  .count<Array<{ n: string }>>({ n: '*' });
await pool(N, 10, (i) => temporal.workflow.getHandle(floors[i]!).signal(finishSignal));

// ——— The table ———
const cpu = [...cpuTo]
  .map(([name, total]) => [name, total - (cpuFrom.get(name) ?? 0)] as const)
  .filter(([, used]) => used >= 0.05)
  .sort((a, b) => b[1] - a[1]);
const cpuTotal = cpu.reduce((sum, [, used]) => sum + used, 0);
console.log(
  '\n' +
    measuredOn(
      run.stack.kind,
      `N=${N} childminders, D=${D} declarations each, C=${C}; seeded in ${seededSeconds.toFixed(0)} s; ` +
        `${((Date.now() - started) / 1000).toFixed(0)} s in all`,
    ) +
    '\n',
);
console.log('| measure | value | goal |\n|---|---:|---|');
const per = (n: number) => (n / D).toFixed(1);
const rows: Array<[string, string, string]> = [
  ['declarations accepted/s (HTTP → Update answered)', ours.rate.toFixed(1), '≥ 100/s'],
  ['declaration p50 / p95', `${ms(ours.p50)} / ${ms(ours.p95)}`, 'p95 ≤ 300 ms'],
  ['floor A: no-op Update on a waiting workflow, /s', floorA.rate.toFixed(1), ''],
  ['floor A p50 / p95', `${ms(floorA.p50)} / ${ms(floorA.p95)}`, ''],
  ['floor B: Update with 4 empty activities, /s', floorB.rate.toFixed(1), ''],
  ['floor B p50 / p95', `${ms(floorB.p50)} / ${ms(floorB.p95)}`, ''],
  ['ratio: floor A / declarations', (floorA.rate / ours.rate).toFixed(2), ''],
  ['ratio: floor B / declarations', (floorB.rate / ours.rate).toFixed(2), ''],
  [
    'per declaration (her lifecycle): events / workflow tasks',
    `${per(after.events - before.events)} / ${per(after.workflowTasks - before.workflowTasks)}`,
    '',
  ],
  [
    '… activities / upserts',
    `${per(after.activities - before.activities)} / ${per(after.upserts - before.upserts)}`,
    '',
  ],
  ['childminders with exactly D on their timeline', `${exact} / ${N}`, 'all'],
  ['declarations applied (profile_changes)', `${applied?.n} / ${N * D}`, 'all'],
  [`standing « ${lastStatus} » (declaration_status)`, `${standing?.n} / ${N}`, 'all'],
  ...cpu.map(
    ([name, used]) =>
      [
        `CPU during the declarations: ${name}`,
        `${used.toFixed(1)} s (${((100 * used) / cpuTotal).toFixed(0)} %)`,
        '',
      ] as [string, string, string],
  ),
];
for (const [label, value, goal] of rows) console.log(`| ${label} | ${value} | ${goal} |`);

await run.stop();
