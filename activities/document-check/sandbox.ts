/**
 * Document checks run in child processes, never on the worker's thread: each check gets a process of
 * its own for as long as it runs, with a memory and a CPU ceiling watched from here, and a wall-clock
 * ceiling. A file that breaches a ceiling kills its process and is refused; the worker goes on.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Inspection } from './inspection.ts';

export interface SandboxLimits {
  /** Resident memory of the check's process. */
  memoryBytes: number;
  /** CPU time the check may use (all its threads): what one file may cost. */
  cpuMs: number;
  /** Time the check may take on a busy machine before it is given up and retried: not the file's fault. */
  wallMs: number;
}

export const DOCUMENT_CHECK_LIMITS: SandboxLimits = {
  memoryBytes: 512 * 1024 * 1024,
  cpuMs: 15_000,
  wallMs: 90_000,
};

const CHILD = fileURLToPath(new URL('./sandbox-child.ts', import.meta.url));
/** The JavaScript heap of a sandbox; images and inflated streams live outside it, under `memoryBytes`. */
const CHILD_HEAP_MB = 256;
/** A process is replaced after this many checks, so that nothing accumulates. */
const CHECKS_PER_PROCESS = 200;
const WATCH_EVERY_MS = 25;
const CLOCK_TICK_MS = 10; // Linux USER_HZ is 100

/** CPU time and resident memory of a process, from /proc; null once it is gone. */
export function processUsage(pid: number): { cpuMs: number; rssBytes: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const rssKb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return {
      cpuMs: (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS,
      rssBytes: Number(rssKb ?? 0) * 1024,
    };
  } catch {
    return null;
  }
}

interface Slot {
  child: ChildProcess;
  ready: Promise<void>;
  checks: number;
}

export class SandboxTimeout extends Error {
  constructor() {
    super('La vérification du document a dépassé son délai (machine surchargée) : elle sera reprise.');
  }
}

export class DocumentSandbox {
  private readonly idle: Slot[] = [];
  private readonly queue: Array<() => void> = [];
  private running = 0;
  /** The largest resident memory a check's process reached, for operators and the fault suite. */
  peakRssBytes = 0;

  private readonly size: number;
  private readonly limits: SandboxLimits;

  constructor(size: number, limits: SandboxLimits = DOCUMENT_CHECK_LIMITS) {
    this.size = size;
    this.limits = limits;
  }

  /** Checks bytes in a sandbox process; refuses the file when it breaches a ceiling. */
  async check(bytes: Uint8Array): Promise<Inspection> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.running += 1;
    try {
      return await this.run(this.idle.pop() ?? this.spawn(), bytes);
    } finally {
      this.running -= 1;
      this.queue.shift()?.();
    }
  }

  /** Stops the idle processes (a running check keeps its own until it answers). */
  close(): void {
    for (const slot of this.idle.splice(0)) slot.child.kill('SIGKILL');
  }

  private spawn(): Slot {
    const child = fork(CHILD, [], {
      execArgv: [`--max-old-space-size=${CHILD_HEAP_MB}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    const ready = new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', () => reject(new Error('le bac à sable de vérification ne démarre pas')));
    });
    ready.catch(() => {});
    const slot: Slot = { child, ready, checks: 0 };
    // A process that dies while idle is not handed out again.
    child.once('exit', () => {
      const index = this.idle.indexOf(slot);
      if (index >= 0) this.idle.splice(index, 1);
    });
    return slot;
  }

  private async run(slot: Slot, bytes: Uint8Array): Promise<Inspection> {
    const { child } = slot;
    const started = Date.now();
    await slot.ready;
    const pid = child.pid!;
    const cpuBefore = processUsage(pid)?.cpuMs ?? 0;
    const inspection = await new Promise<Inspection>((resolve, reject) => {
      const finish = (outcome: () => void) => {
        clearInterval(watch);
        clearTimeout(wall);
        child.off('message', answered);
        child.off('exit', died);
        outcome();
      };
      const breach = () => {
        child.kill('SIGKILL');
        finish(() => resolve({ ok: false, reason: 'too_complex' }));
      };
      const watch = setInterval(() => {
        const usage = processUsage(pid);
        if (!usage) return;
        this.peakRssBytes = Math.max(this.peakRssBytes, usage.rssBytes);
        if (usage.rssBytes > this.limits.memoryBytes || usage.cpuMs - cpuBefore > this.limits.cpuMs) breach();
      }, WATCH_EVERY_MS);
      const wall = setTimeout(
        () => {
          child.kill('SIGKILL');
          finish(() => reject(new SandboxTimeout()));
        },
        Math.max(1, this.limits.wallMs - (Date.now() - started)),
      );
      const answered = (reply: { inspection: Inspection }) => finish(() => resolve(reply.inspection));
      // Killed from outside, or a decoder crashed on the file: the file cannot be read safely.
      const died = () => finish(() => resolve({ ok: false, reason: 'corrupt' }));
      child.once('message', answered);
      child.once('exit', died);
      child.send({ bytes });
    });
    slot.checks += 1;
    const alive = child.exitCode === null && child.signalCode === null;
    if (alive && slot.checks < CHECKS_PER_PROCESS && this.idle.length < this.size) this.idle.push(slot);
    else child.kill('SIGKILL');
    return inspection;
  }
}
