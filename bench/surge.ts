/**
 * The 1 June surge at a small scale: N active childminders (seeded as the demo seeds them) whose
 * lifecycles all have their declaration reminder from the same instant T (a policy with one deadline,
 * an hour after T), spread over a window of SURGE_SPREAD_SECONDS after T as the product spreads them
 * (domain/reminder-spread.ts; 0: all at T). Measures how long until every reminder is on her timeline and every email out
 * of the outbox, the API's latency while it drains against its latency idle (C readers of her
 * profile page, `GET /api/registrations/:id/profile`), and this process's memory (the workers, the
 * API and the bench). In the same run, the floor: N workflows asleep until one instant, each then
 * making one empty activity.
 *
 *   node bench/surge.ts                    # N=500, spread over 60 s
 *   SURGE_SPREAD_SECONDS=0 node bench/surge.ts   # all at one instant
 *   SURGE=2000 READERS=5 node bench/surge.ts
 *   SURGE_LEAD_SECONDS=600 SURGE=20000 node bench/surge.ts   # T that far after the rows are seeded
 */
import { createSession } from '../api/auth/sessions.ts';
import { hashPassword } from '../api/auth/passwords.ts';
import { insertPublishedChildminder } from '../stack/published-childminder.ts';
import { registrationFor, uniqueEmail } from '../tests/support/fixtures.ts';
import { cpuByProcess } from './stack.ts';
import {
  check,
  measuredOn,
  ms,
  percentile,
  pool,
  rssMb,
  startDrivenStack,
  startLifecycle,
  until,
} from './drive.ts';
import { sleepingUntil } from './update-floors.ts';
import { reminderSpreadOffsetMs } from '../domain/reminder-spread.ts';

const N = Number(process.env.SURGE ?? 500);
const READERS = Number(process.env.READERS ?? 5);
const LEAD = Number(process.env.SURGE_LEAD_SECONDS ?? Math.max(90, Math.ceil(N * 0.6)));
const REMINDER_BEFORE_MS = 3600_000;
const SPREAD_MS = Number(process.env.SURGE_SPREAD_SECONDS ?? 60) * 1000;

const started = Date.now();
let floorDone = 0;
let floorLastAt = 0;
const run = await startDrivenStack({
  prefix: 'bench_surge',
  floorWorkflows: new URL('./update-floors.ts', import.meta.url),
  floorActivities: {
    nothing: async () => {
      floorDone += 1;
      floorLastAt = performance.now();
    },
  },
});
const { db, keys, temporal, api } = run;

// ——— N childminders, their lifecycle reminding them all at T. ———
const passwordHash = await hashPassword('un mot de passe de banc d’essai');
const office = (await db('routing').where({ departement_code: '69' }).first('office_id')).office_id as string;
const people: Array<{ id: string; ownerId: string; token: string }> = new Array(N);
await pool(N, 10, async (i) => {
  const { registrationId, userId } = await insertPublishedChildminder(db, keys, {
    email: uniqueEmail('bench'),
    passwordHash,
    displayName: `Assistante ${i}`,
    data: registrationFor(),
    officeId: office,
  });
  people[i] = {
    id: registrationId,
    ownerId: userId,
    token: (await createSession(db, userId, 'childminder')).token,
  };
});
const ids = people.map((p) => p.id);
const T = Date.now() + LEAD * 1000;
const lastDeclared = new Date(Date.now() - 200 * 86_400_000).toISOString();
// The period opened yesterday and she last declared before it: she is due a reminder at T.
const policy = {
  declarationDeadlines: [
    new Date(Date.now() - 86_400_000).toISOString(),
    new Date(T + REMINDER_BEFORE_MS).toISOString(),
  ],
  declarationReminderBeforeMs: REMINDER_BEFORE_MS,
  declarationReminderSpreadMs: SPREAD_MS,
  // The product's share of the window kept for the stream to drain (domain/policy.ts).
  declarationReminderDrainMs: SPREAD_MS / 10,
};
await pool(N, 20, (i) =>
  startLifecycle(
    temporal,
    run.taskQueue,
    { registrationId: ids[i]!, ownerId: people[i]!.ownerId, officeId: office },
    { lastDeclaredAt: lastDeclared },
    policy,
  ),
);
await until('les suivis de déclaration', LEAD * 1000, async () => {
  const [row] = await db('declaration_status')
    .whereIn('registration_id', ids)
    .whereNotNull('next_deadline')
    .count<Array<{ n: string }>>({ n: '*' });
  return Number(row?.n) === N;
});
if (Date.now() > T - 15_000) throw new Error(`Seeded too late for T: raise SURGE_LEAD_SECONDS (was ${LEAD})`);
const seededSeconds = (Date.now() - started) / 1000;

/** C readers of her profile page until `stop()`; their latencies. */
function readers(stop: () => boolean) {
  const latency: number[] = [];
  const done = pool(READERS, READERS, async (reader) => {
    for (let k = reader; !stop(); k += READERS) {
      const her = people[k % N]!;
      const at = performance.now();
      check(await api.get(`/api/registrations/${her.id}/profile`, her.token), 'profil');
      latency.push(performance.now() - at);
    }
  });
  return { latency, done };
}

async function count(sql: ReturnType<typeof db>): Promise<number> {
  const [row] = await sql.count<Array<{ n: string }>>({ n: '*' });
  return Number(row?.n);
}

// ——— Idle: 10 s of readers, before T. ———
const idleUntil = performance.now() + 10_000;
const idle = readers(() => performance.now() > idleUntil);
await idle.done;

// ——— The surge: from T until every reminder is recorded and every email sent. ———
await new Promise((resolve) => setTimeout(resolve, Math.max(0, T - Date.now())));
const tAt = performance.now();
const cpuFrom = cpuByProcess(run.workerProcess?.pid);
let recordedAt = 0;
let sentAt = 0;
let rssPeak = rssMb();
const worker = run.workerProcess;
const surge = readers(() => recordedAt > 0);
await until(
  'les rappels',
  3_600_000,
  async () => {
    rssPeak = Math.max(rssPeak, rssMb());
    worker?.rssMb();
    const reminded = await count(
      db('case_events').whereIn('registration_id', ids).where({ type: 'declaration_reminder_sent' }),
    );
    if (reminded === N && !recordedAt) recordedAt = performance.now();
    return recordedAt > 0;
  },
  200,
);
await surge.done;
await until(
  'les courriels',
  3_600_000,
  async () => {
    rssPeak = Math.max(rssPeak, rssMb());
    worker?.rssMb();
    if ((await count(db('outbox').whereIn('registration_id', ids).whereNotNull('sent_at'))) < N) return false;
    sentAt = performance.now();
    return true;
  },
  200,
);
const cpuTo = cpuByProcess(run.workerProcess?.pid);
const perPerson: Array<{ n: number }> = await db('case_events')
  .whereIn('registration_id', ids)
  .where({ type: 'declaration_reminder_sent' })
  .groupBy('registration_id')
  .select(db.raw('count(*)::int as n'));
const doubled = perPerson.filter((row) => row.n > 1).length;
// How late each reminder came after her own instant in the window (T + her offset).
const remindedAt: Array<{ id: string; at: Date }> = await db('case_events')
  .whereIn('registration_id', ids)
  .where({ type: 'declaration_reminder_sent' })
  .select('registration_id as id', 'at');
const lateness = remindedAt.map(({ id, at }) => at.getTime() - (T + reminderSpreadOffsetMs(policy, id)));
const lastAfterT = (Math.max(...remindedAt.map(({ at }) => at.getTime())) - T) / 1000;

// ——— The floor: N workflows asleep until one instant, then one empty activity each. ———
const floorT = new Date(Date.now() + Math.max(20_000, N * 40)).toISOString();
await pool(N, 20, async (i) => {
  await temporal.workflow.start(sleepingUntil, {
    workflowId: `bench-sleeping-${Date.now().toString(36)}-${i}`,
    taskQueue: run.floorQueue,
    args: [floorT],
  });
});
await until('le plancher', 3_600_000, async () => floorDone === N, 100);
const floorSeconds = (floorLastAt - (Date.parse(floorT) - Date.now() + performance.now())) / 1000;

// ——— The table ———
const cpu = [...cpuTo]
  .map(([name, total]) => [name, total - (cpuFrom.get(name) ?? 0)] as const)
  .filter(([, used]) => used >= 0.05)
  .sort((a, b) => b[1] - a[1]);
const cpuTotal = cpu.reduce((sum, [, used]) => sum + used, 0);
const drain = (recordedAt - tAt) / 1000;
const mails = (sentAt - tAt) / 1000;
const idleP95 = percentile(idle.latency, 0.95);
const surgeP95 = percentile(surge.latency, 0.95);
console.log(
  '\n' +
    measuredOn(
      run.stack.kind,
      `N=${N} reminders from one instant, spread over ${SPREAD_MS / 1000} s, ${READERS} readers; seeded in ${seededSeconds.toFixed(0)} s; ` +
        `${((Date.now() - started) / 1000).toFixed(0)} s in all`,
    ) +
    '\n',
);
console.log('| measure | value | goal |\n|---|---:|---|');
const rows: Array<[string, string, string]> = [
  [`every reminder on her timeline, after T`, `${drain.toFixed(1)} s`, ''],
  [
    'last reminder recorded, after T (its own time)',
    `${lastAfterT.toFixed(1)} s`,
    `within the window (${SPREAD_MS / 1000} s)`,
  ],
  [
    'reminder after her own instant p50 / p95 / max',
    `${ms(percentile(lateness, 0.5))} / ${ms(percentile(lateness, 0.95))} / ${ms(Math.max(...lateness))}`,
    '',
  ],
  ['… reminders recorded/s', (N / drain).toFixed(1), ''],
  ['every email sent (outbox → SMTP), after T', `${mails.toFixed(1)} s`, ''],
  ['… emails out/s', (N / mails).toFixed(1), ''],
  ['reminders recorded twice', String(doubled), '0'],
  ['floor: N timers at one instant + 1 empty activity, drained in', `${floorSeconds.toFixed(1)} s`, ''],
  ['ratio: reminders drain / floor drain', (drain / floorSeconds).toFixed(2), ''],
  [
    `API p50 / p95 idle (${idle.latency.length} reads)`,
    `${ms(percentile(idle.latency, 0.5))} / ${ms(idleP95)}`,
    '',
  ],
  [
    `API p50 / p95 during the surge (${surge.latency.length} reads)`,
    `${ms(percentile(surge.latency, 0.5))} / ${ms(surgeP95)}`,
    `p95 ≤ 2× idle (${ms(2 * idleP95)})`,
  ],
  ...((worker
    ? [
        [
          'RSS of the worker process (`worker/main.ts`): ready / peak during the surge',
          `${worker.readyRssMb.toFixed(0)} / ${worker.peakRssMb().toFixed(0)} MB`,
          'worker ≤ 400 MB',
        ],
        [
          '… its high-water mark, start included (bundling the workflow code)',
          `${worker.highWaterMb().toFixed(0)} MB`,
          '',
        ],
        ['RSS of this process (API + bench), peak', `${rssPeak.toFixed(0)} MB`, ''],
      ]
    : [
        [
          'RSS of this process (workers + API + bench), peak',
          `${rssPeak.toFixed(0)} MB`,
          'worker ≤ 400 MB: BENCH_WORKER=process',
        ],
      ]) as Array<[string, string, string]>),
  ...cpu.map(
    ([name, used]) =>
      [
        `CPU during the surge: ${name}`,
        `${used.toFixed(1)} s (${((100 * used) / cpuTotal).toFixed(0)} %)`,
        '',
      ] as [string, string, string],
  ),
];
for (const [label, value, goal] of rows) console.log(`| ${label} | ${value} | ${goal} |`);

await run.stop();
