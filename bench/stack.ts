/**
 * The services of a benchmark that drives the product, each on a free port, in a temporary directory
 * removed afterwards. Two stacks, chosen by BENCH_STACK:
 *   - `embedded` (default): embedded PostgreSQL, S3 (s3rver), the Temporal dev server (in memory), an
 *     SMTP catcher and the SNGI simulator. TEMPORAL_ADDRESS (a server with the project's search
 *     attributes) and DATABASE_URL (a database of its own is made there) replace the embedded ones.
 *   - `cluster`: the production shape of stack/cluster/cluster.ts: a Temporal server persisted in
 *     PostgreSQL (its own namespace), SeaweedFS for S3 with the register's restricted key, the
 *     register's database role.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freeClusterPorts, startCluster } from '../stack/cluster/cluster.ts';
import { EMBEDDED_S3_CREDENTIALS, startEmbeddedS3 } from '../stack/s3.ts';
import { startSmtpCatcher } from '../stack/smtp-catcher.ts';
import { startSngiSimulator } from '../stack/sngi-simulator.ts';
import { startTemporalServer } from '../stack/temporal-server.ts';
import { loadConfig } from '../infra/config.ts';
import { openStorage } from '../infra/s3.ts';
import { migrate, openDb } from '../infra/db.ts';
import { freePort, openBenchDatabase } from './support.ts';

export type BenchStackKind = 'embedded' | 'cluster';

export function benchStackKind(): BenchStackKind {
  const kind = process.env.BENCH_STACK ?? 'embedded';
  if (kind !== 'embedded' && kind !== 'cluster')
    throw new Error(`BENCH_STACK=${kind} : valeurs possibles « embedded » ou « cluster »`);
  return kind;
}

export async function startBenchStack(prefix: string) {
  return benchStackKind() === 'cluster' ? startClusterBenchStack() : startEmbeddedBenchStack(prefix);
}

function workDirectory(): string {
  const work = mkdtempSync(path.join(tmpdir(), 'registre-bench-'));
  chmodSync(work, 0o755); // as root, PostgreSQL runs as its own user and must reach its directory
  return work;
}

async function startEmbeddedBenchStack(prefix: string) {
  const work = workDirectory();
  const bucket = 'registre-bench';
  const [database, s3, temporal, smtp, sngi] = await Promise.all([
    openBenchDatabase(prefix),
    freePort().then((port) => startEmbeddedS3({ directory: path.join(work, 's3'), port, bucket })),
    process.env.TEMPORAL_ADDRESS
      ? { address: process.env.TEMPORAL_ADDRESS, stop: async () => {} }
      : freePort().then((port) => startTemporalServer({ port })),
    startSmtpCatcher({ smtpPort: 0, httpPort: 0 }),
    startSngiSimulator(0),
  ]);
  await migrate(database.db);
  const s3Config = { endpoint: s3.endpoint, ...EMBEDDED_S3_CREDENTIALS, bucket };
  const storage = openStorage({ ...s3Config, publicEndpoint: s3.endpoint, region: 'us-east-1' });
  return {
    kind: 'embedded' as BenchStackKind,
    db: database.db,
    databaseUrl: database.databaseUrl,
    s3: s3Config,
    storage,
    temporalAddress: temporal.address,
    namespace: 'default',
    smtpUrl: smtp.smtpUrl,
    sngiUrl: sngi.url,
    async stop() {
      for (const stop of [() => sngi.stop(), () => smtp.stop(), () => temporal.stop(), () => s3.stop()])
        await stop().catch(() => {});
      await database.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

async function startClusterBenchStack() {
  const work = workDirectory();
  const cluster = await startCluster({
    dataDir: work,
    ports: await freeClusterPorts(),
    persistent: false,
    publicUrl: 'http://localhost:3000',
  });
  const config = loadConfig(cluster.env); // production's variables, served on http://localhost here
  const db = openDb(config.databaseUrl);
  await migrate(db);
  return {
    kind: 'cluster' as BenchStackKind,
    db,
    databaseUrl: config.databaseUrl,
    s3: config.s3,
    storage: openStorage(config.s3),
    temporalAddress: config.temporal.address,
    namespace: config.temporal.namespace,
    smtpUrl: cluster.env.SMTP_URL,
    sngiUrl: cluster.env.SNGI_URL,
    async stop() {
      await db.destroy().catch(() => {});
      await cluster.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/**
 * CPU seconds used so far by this process and by each kind of process under it (Linux /proc);
 * `workerPid`, the product's worker when it runs in a process of its own (bench/worker-process.ts).
 */
export function cpuByProcess(workerPid?: number): Map<string, number> {
  const ticks = 100; // USER_HZ on Linux
  const processes = new Map<number, { ppid: number; name: string; cpu: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      processes.set(Number(entry), {
        ppid: Number(fields[1]),
        name: Number(entry) === workerPid ? 'node (worker process)' : name,
        cpu: (Number(fields[11]) + Number(fields[12])) / ticks,
      });
    } catch {
      // gone meanwhile
    }
  }
  const mine = (pid: number): boolean =>
    pid === process.pid || (pid > 1 && processes.has(pid) && mine(processes.get(pid)!.ppid));
  const totals = new Map<string, number>();
  for (const [pid, p] of processes) {
    if (pid === process.pid) continue;
    if (mine(p.ppid)) totals.set(p.name, (totals.get(p.name) ?? 0) + p.cpu);
  }
  const self = process.cpuUsage();
  totals.set(
    workerPid === undefined ? 'node (API + worker + bench)' : 'node (API + bench)',
    (self.user + self.system) / 1e6,
  );
  return totals;
}
