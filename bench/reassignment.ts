/**
 * A supervisor's bulk reassignment of N cases (10,000 by default), started through the HTTP API
 * (`POST /api/supervision/reassignments`, a queue filter, the default pace of the product), timed
 * from the request to its report closed, then checked in PostgreSQL: every case moved exactly once
 * (one `reassigned` event of this bulk each, every case in the new office), none lost or doubled.
 *
 * The cases are seeded in SQL as bench/queue.ts does, each with a real workflow that holds it: her
 * lifecycle with a change of her contact details waiting for the pivot CAF (`change_in_moderation`),
 * started as activation and the demo seeding start it. In the same run, the floor: the same number
 * of Updates that do nothing, sent at the bulk's concurrency to waiting workflows (FLOOR of them,
 * 2,000 by default, the time scaled to N).
 *
 *   node bench/reassignment.ts                     # N=10,000
 *   CASES=1000 FLOOR=500 node bench/reassignment.ts
 *   BENCH_STACK=cluster node bench/reassignment.ts
 */
import { createSession } from '../api/auth/sessions.ts';
import {
  bulkReassignmentReason,
  bulkReassignmentWorkflowId,
  DEFAULT_BULK_POLICY,
} from '../domain/bulk-reassignment.ts';
import { createUser, registrationFor } from '../tests/support/fixtures.ts';
import { cpuByProcess } from './stack.ts';
import { check, measuredOn, pool, rssMb, startDrivenStack, startLifecycle, until } from './drive.ts';
import { finishSignal, noOpUpdate, waiting } from './update-floors.ts';

const N = Number(process.env.CASES ?? 10_000);
const FLOOR = Math.min(N, Number(process.env.FLOOR ?? 2000));
const FROM = 'caf-69';
const TO = 'caf-75';

const started = Date.now();
const run = await startDrivenStack({
  prefix: 'bench_reassignment',
  floorWorkflows: new URL('./update-floors.ts', import.meta.url),
  floorActivities: { nothing: async () => {} },
});
const { db, temporal, api } = run;

// ——— N cases in SQL: her account, her registration, her case with a change waiting in FROM. ———
const data = registrationFor();
await db.raw(
  `insert into users (id, email, email_normalized, password_hash, role, display_name, email_verified_at)
   select md5('rcm-' || g)::uuid, 'rcm' || g || '@bench.test', 'rcm' || g || '@bench.test', 'not-a-hash',
          'childminder', 'Assistante ' || g, now()
     from generate_series(1, ?) g`,
  [N],
);
await db.raw(
  `insert into registrations (id, user_id, identity, agrement, contact, availability, submitted_at)
   select md5('rreg-' || g)::uuid, md5('rcm-' || g)::uuid, ?::jsonb,
          jsonb_set(?::jsonb, '{number}', to_jsonb('AG-69-bench-' || g)), ?::jsonb, ?::jsonb,
          now() - interval '1 year'
     from generate_series(1, ?) g`,
  [
    JSON.stringify(data.identity),
    JSON.stringify(data.agrement),
    JSON.stringify(data.contact),
    JSON.stringify(data.availability),
    N,
  ],
);
// Submitted one second apart: the bulk moves the oldest first.
await db.raw(
  `insert into cases (registration_id, workflow_id, status, office_id, departement, identity_outcome,
                      submitted_at, status_since, due_at, seq)
   select md5('rreg-' || g)::uuid, 'childminder:' || md5('rreg-' || g)::uuid, 'change_in_moderation', ?, '69',
          'certified', now() - (? - g) * interval '1 second', now(), now() + interval '14 days', 3
     from generate_series(1, ?) g`,
  [FROM, N, N],
);
const contact = { ...data.contact, phone: '06 98 76 54 32' };
await db.raw(
  `insert into profile_changes (registration_id, section, value, status, proposed_by, departement)
   select md5('rreg-' || g)::uuid, 'contact', ?::jsonb, 'pending', md5('rcm-' || g)::uuid, '69'
     from generate_series(1, ?) g`,
  [JSON.stringify(contact), N],
);
await db.raw('analyze');
const cases: Array<{ id: string; ownerId: string; changeId: string; submittedAt: Date; dueAt: Date }> =
  await db('cases as c')
    .join('registrations as r', 'r.id', 'c.registration_id')
    .join('profile_changes as p', 'p.registration_id', 'c.registration_id')
    .where('c.status', 'change_in_moderation')
    .select(
      'c.registration_id as id',
      'r.user_id as ownerId',
      'p.id as changeId',
      'c.submitted_at as submittedAt',
      'c.due_at as dueAt',
    );
const ids = cases.map((c) => c.id);
await pool(N, 20, async (i) => {
  const kase = cases[i]!;
  await startLifecycle(
    temporal,
    run.taskQueue,
    { registrationId: kase.id, ownerId: kase.ownerId, officeId: FROM },
    {
      status: 'change_in_moderation',
      seq: 3,
      submittedAt: kase.submittedAt.toISOString(),
      registrationSubmittedAt: kase.submittedAt.toISOString(),
      dueAt: kase.dueAt.toISOString(),
      pendingChange: { changeId: kase.changeId, section: 'contact' },
    },
  );
});
// Each lifecycle's first run writes her declaration standing: then it only waits.
await until(
  `${N} cycles de vie démarrés`,
  1_800_000,
  async () => {
    const [row] = await db('declaration_status').count<Array<{ n: string }>>({ n: '*' });
    return Number(row?.n) === N;
  },
  500,
);
const seededSeconds = (Date.now() - started) / 1000;

// ——— The floor: FLOOR no-op Updates on waiting workflows, at the bulk's concurrency. ———
const floorIds = Array.from({ length: FLOOR }, (_, i) => `bench-waiting-${Date.now().toString(36)}-${i}`);
await pool(FLOOR, 20, async (i) => {
  await temporal.workflow.start(waiting, { workflowId: floorIds[i]!, taskQueue: run.floorQueue });
});
const floorFrom = performance.now();
await pool(FLOOR, DEFAULT_BULK_POLICY.concurrency, async (i) => {
  await temporal.workflow.getHandle(floorIds[i]!).executeUpdate(noOpUpdate);
});
const floorRate = FLOOR / ((performance.now() - floorFrom) / 1000);
await pool(FLOOR, 20, (i) => temporal.workflow.getHandle(floorIds[i]!).signal(finishSignal));

// ——— The bulk reassignment, as the supervisors' page starts it. ———
const supervisor = await createUser(db, { role: 'supervisor', officeIds: [FROM, TO] });
const { token } = await createSession(db, supervisor.id, 'supervisor');
const cpuFrom = cpuByProcess(run.workerProcess?.pid);
let rssPeak = rssMb();
const from = performance.now();
const answer = await api.post(
  '/api/supervision/reassignments',
  {
    toOfficeId: TO,
    selection: { kind: 'filter', filter: { offices: [FROM], statuses: ['change_in_moderation'] } },
  },
  token,
);
check(answer, 'réaffectation', [202]);
const bulkId: string = answer.body.id;
await until(
  'la réaffectation',
  3_600_000,
  async () => {
    rssPeak = Math.max(rssPeak, rssMb());
    run.workerProcess?.rssMb();
    const bulk = await db('bulk_reassignments').where({ id: bulkId }).first('status');
    return ['completed', 'cancelled', 'failed'].includes(bulk.status);
  },
  100,
);
const seconds = (performance.now() - from) / 1000;
const cpuTo = cpuByProcess(run.workerProcess?.pid);

// ——— Every case moved exactly once, from the database. ———
const report = await api.get(`/api/supervision/reassignments/${bulkId}`, token);
check(report, 'rapport');
const moves: Array<{ n: number }> = await db('case_events')
  .whereIn('registration_id', ids)
  .where({ type: 'reassigned' })
  .whereRaw(`data->>'reason' = ?`, [bulkReassignmentReason(bulkId)])
  .groupBy('registration_id')
  .select(db.raw('count(*)::int as n'));
const movedOnce = moves.filter((m) => m.n === 1).length;
const doubled = moves.filter((m) => m.n > 1).length;
const offices: Array<{ office_id: string; n: number }> = await db('cases')
  .whereIn('registration_id', ids)
  .groupBy('office_id')
  .select('office_id', db.raw('count(*)::int as n'));
const inTo = offices.find((o) => o.office_id === TO)?.n ?? 0;
let runs = 0;
for await (const _ of temporal.workflow.list({
  query: `WorkflowId = '${bulkReassignmentWorkflowId(bulkId)}'`,
}))
  runs += 1;

// ——— The table ———
const cpu = [...cpuTo]
  .map(([name, total]) => [name, total - (cpuFrom.get(name) ?? 0)] as const)
  .filter(([, used]) => used >= 0.05)
  .sort((a, b) => b[1] - a[1]);
const cpuTotal = cpu.reduce((sum, [, used]) => sum + used, 0);
const policy = DEFAULT_BULK_POLICY;
console.log(
  '\n' +
    measuredOn(
      run.stack.kind,
      `N=${N} cases, the product's pace (${policy.concurrency} at once, pages of ${policy.pageSize}, ` +
        `${policy.pagesPerRun} pages a run); seeded in ${seededSeconds.toFixed(0)} s; ` +
        `${((Date.now() - started) / 1000).toFixed(0)} s in all`,
    ) +
    '\n',
);
const counts = report.body.counts as Record<string, number>;
console.log('| measure | value | goal |\n|---|---:|---|');
const rows: Array<[string, string, string]> = [
  [`bulk reassignment of ${N} cases, end to end`, `${seconds.toFixed(1)} s`, '≤ 20 s'],
  ['… cases moved/s', (N / seconds).toFixed(1), ''],
  [`floor: no-op Updates at ${policy.concurrency} at once, /s (${FLOOR})`, floorRate.toFixed(1), ''],
  [`… the floor's time for ${N}`, `${(N / floorRate).toFixed(1)} s`, ''],
  ['ratio: bulk time / floor time', (seconds / (N / floorRate)).toFixed(2), ''],
  [
    'report: status, moved / skipped / failed / not processed',
    `${report.body.status}, ${counts.moved} / ${counts.skipped} / ${counts.failed} / ${counts.not_processed}`,
    '',
  ],
  ['cases moved exactly once (their events)', `${movedOnce} / ${N}`, 'all'],
  ['cases lost (not moved) / doubled', `${N - movedOnce - doubled} / ${doubled}`, '0 / 0'],
  [`cases now in ${TO} (projection)`, `${inTo} / ${N}`, 'all'],
  ['runs of the bulk workflow (continue-as-new)', String(runs), ''],
  ...((run.workerProcess
    ? [
        [
          'RSS of the worker process: ready / peak during the bulk',
          `${run.workerProcess.readyRssMb.toFixed(0)} / ${run.workerProcess.peakRssMb().toFixed(0)} MB`,
          '',
        ],
        ['RSS of this process (API + bench), peak during the bulk', `${rssPeak.toFixed(0)} MB`, ''],
      ]
    : [
        ['RSS of this process (API, workers, bench), peak during the bulk', `${rssPeak.toFixed(0)} MB`, ''],
      ]) as Array<[string, string, string]>),
  ...cpu.map(
    ([name, used]) =>
      [
        `CPU during the bulk: ${name}`,
        `${used.toFixed(1)} s (${((100 * used) / cpuTotal).toFixed(0)} %)`,
        '',
      ] as [string, string, string],
  ),
];
for (const [label, value, goal] of rows) console.log(`| ${label} | ${value} | ${goal} |`);

await run.stop();
