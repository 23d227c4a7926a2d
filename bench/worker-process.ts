/**
 * The product's worker in a process of its own (`BENCH_WORKER=process`): `worker/main.ts` as
 * production starts it, configured by its variables for the bench's stack, so that its memory is
 * measured apart from the API's and the bench's clients' (Linux /proc: resident now, and its peak).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface WorkerProcessOptions {
  databaseUrl: string;
  s3: { endpoint: string; accessKey: string; secretKey: string; bucket: string };
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  smtpUrl: string;
  sngiUrl: string;
  publicUrl: string;
  /** DATA_KEYS and DATA_INDEX_KEY of the run. */
  keyEnv: Record<string, string>;
  /** The workflow bundle built beforehand, as the image builds it (worker/bundle.ts). */
  workflowBundlePath: string;
}

/** Whether the benchmark runs the product's worker in its own process. */
export function workerApart(): boolean {
  const value = process.env.BENCH_WORKER ?? 'inline';
  if (value !== 'inline' && value !== 'process')
    throw new Error(`BENCH_WORKER=${value} : valeurs possibles « inline » ou « process »`);
  return value === 'process';
}

/** A field of /proc/<pid>/status in MB (VmRSS: resident now; VmHWM: its peak). */
function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN) / 1024;
}

export async function startWorkerProcess(options: WorkerProcessOptions) {
  const child = spawn(process.execPath, [new URL('../worker/main.ts', import.meta.url).pathname], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: options.databaseUrl,
      S3_ENDPOINT: options.s3.endpoint,
      S3_ACCESS_KEY: options.s3.accessKey,
      S3_SECRET_KEY: options.s3.secretKey,
      S3_BUCKET: options.s3.bucket,
      TEMPORAL_ADDRESS: options.temporalAddress,
      TEMPORAL_NAMESPACE: options.namespace,
      TEMPORAL_TASK_QUEUE: options.taskQueue,
      SMTP_URL: options.smtpUrl,
      SNGI_URL: options.sngiUrl,
      PUBLIC_URL: options.publicUrl,
      WORKFLOW_BUNDLE: options.workflowBundlePath,
      // How many workflows it keeps in memory (the product's default when unset).
      ...(process.env.WORKFLOW_CACHE_SIZE ? { WORKFLOW_CACHE_SIZE: process.env.WORKFLOW_CACHE_SIZE } : {}),
      // Node's own settings for the worker alone (a heap limit, say): BENCH_WORKER_NODE_OPTIONS.
      ...(process.env.BENCH_WORKER_NODE_OPTIONS
        ? { NODE_OPTIONS: process.env.BENCH_WORKER_NODE_OPTIONS }
        : {}),
      ...options.keyEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      if (output.includes('worker prêt')) resolve();
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.once('exit', (code) =>
      reject(new Error(`le worker s’est arrêté (code ${code}) avant d’être prêt :\n${output}`)),
    );
  });
  await ready;
  const pid = child.pid!;
  const readyRss = statusMb(pid, 'VmRSS');
  let peak = readyRss;
  return {
    pid,
    /** Resident memory once ready (the workflow code bundled, nothing run yet), in MB. */
    readyRssMb: readyRss,
    /** Resident memory now, in MB; the largest sample is kept as the peak. */
    rssMb(): number {
      const now = statusMb(pid, 'VmRSS');
      peak = Math.max(peak, now);
      return now;
    },
    /** The largest resident memory sampled since it was ready. */
    peakRssMb: () => peak,
    /** The kernel's high-water mark, start included (bundling the workflow code takes the most). */
    highWaterMb: () => statusMb(pid, 'VmHWM'),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
