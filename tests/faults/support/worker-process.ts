/**
 * The worker as a process of its own (worker/main.ts, as in production), so that it can be killed
 * with SIGKILL and its memory read from /proc: its own, and that of the sandboxes it starts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { captureLog } from '../../support/personal-data-scan.ts';

const MAIN = fileURLToPath(new URL('../../../worker/main.ts', import.meta.url));

export interface WorkerProcessHandle {
  pid: number;
  /** When it said it was ready (epoch ms). */
  readyAt: number;
  exited: Promise<number | null>;
  /** SIGKILL: no shutdown, no goodbye, as a crash or the OOM killer would do it. */
  kill(): Promise<void>;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
  /** Its resident memory now, and its children's (the document sandboxes), in bytes. */
  memory(): { worker: number; children: number[] };
  /** What it wrote, for a failing test to show. */
  output(): string;
}

function rssOf(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** Starts worker/main.ts with `env` and resolves once it polls (its "worker prêt" line). */
export async function startWorkerProcess(
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<WorkerProcessHandle> {
  const child: ChildProcess = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    captureLog(chunk.toString()); // for the file's personal-data scan (tests/support/stack.ts)
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const readyAt = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker pas prêt après ${timeoutMs} ms :\n${output}`)),
      timeoutMs,
    );
    const watch = (chunk: Buffer) => {
      if (!chunk.toString().includes('worker prêt')) return;
      clearTimeout(timer);
      child.stdout!.off('data', watch);
      resolve(Date.now());
    };
    child.stdout!.on('data', watch);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`worker arrêté au démarrage (${code}) :\n${output}`));
    });
  });
  const pid = child.pid!;
  return {
    pid,
    readyAt,
    exited,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
    memory: () => ({ worker: rssOf(pid), children: childrenOf(pid).map(rssOf) }),
    output: () => output,
  };
}
