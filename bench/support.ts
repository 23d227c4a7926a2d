/** What the benchmarks share: a database of their own, and timings (median and 95th percentile). */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../infra/db.ts';
import { startEmbeddedPostgres } from '../stack/postgres.ts';

export const RUNS = Number(process.env.RUNS ?? 30);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A database of its own: on DATABASE_URL's server if set, else on an embedded one started here. */
export async function openBenchDatabase(
  prefix: string,
): Promise<{ db: Db; databaseUrl: string; stop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}`;
  if (process.env.DATABASE_URL) {
    const admin = openDb(process.env.DATABASE_URL, { max: 1 });
    await admin.raw(`create database "${name}"`);
    await admin.destroy();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    const db = openDb(url.toString());
    return {
      db,
      databaseUrl: url.toString(),
      async stop() {
        await db.destroy();
        const cleanup = openDb(process.env.DATABASE_URL!, { max: 1 });
        await cleanup.raw(`drop database "${name}"`);
        await cleanup.destroy();
      },
    };
  }
  const work = mkdtempSync(path.join(tmpdir(), 'registre-bench-'));
  chmodSync(work, 0o755); // as root, PostgreSQL runs as its own user and must reach its directory
  const postgres = await startEmbeddedPostgres({
    directory: path.join(work, 'pg'),
    port: await freePort(),
    persistent: false,
  });
  await postgres.createDatabase(name);
  const db = openDb(postgres.databaseUrl(name));
  return {
    db,
    databaseUrl: postgres.databaseUrl(name),
    async stop() {
      await db.destroy();
      await postgres.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

export interface Timing {
  label: string;
  rows: number;
  median: number;
  p95: number;
}

/** Times `run` RUNS times after one warm-up; `run` returns the number of rows it read. */
export async function time(label: string, run: () => Promise<number>): Promise<Timing> {
  await run(); // warm the cache and the plan, as a working queue is
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    rows = await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { label, rows, median: at(0.5), p95: at(0.95) };
}

/** Prints what was seeded, the server, and the timings as a markdown table. */
export async function printTimings(
  db: Db,
  seeded: string,
  seconds: number,
  unit: string,
  timings: Timing[],
): Promise<void> {
  const version: string = (await db.raw('show server_version')).rows[0].server_version;
  console.log(
    `\n${seeded} seeded in ${seconds.toFixed(0)} s (PostgreSQL ${version}); ${RUNS} runs each, ${unit}.\n`,
  );
  console.log('| query | rows | median (ms) | p95 (ms) |\n|---|---:|---:|---:|');
  for (const t of timings)
    console.log(`| ${t.label} | ${t.rows} | ${t.median.toFixed(1)} | ${t.p95.toFixed(1)} |`);
}
