/**
 * Child processes of the embedded stack: each output line is prefixed with a coloured tag, so the
 * interleaved logs of api, worker and ui stay readable; stopping is SIGTERM, then SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

const COLOURS: Record<string, number> = {
  pile: 1,
  api: 36,
  worker: 35,
  ui: 32,
  'ui-build': 32,
  temporal: 33,
  postgres: 34,
};

const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

export function paint(code: number, text: string): string {
  return colour ? `\x1b[${code}m${text}\x1b[0m` : text;
}

/** `[api]      `, padded so that messages line up. */
export function tag(name: string): string {
  return paint(COLOURS[name] ?? 37, `[${name}]`.padEnd(11));
}

/** A logger writing `[name] line`. */
export function prefixed(name: string): (line: string) => void {
  const label = tag(name);
  return (line) => console.log(`${label} ${line}`);
}

function pipeLines(stream: Readable | null, write: (line: string) => void): void {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', write);
}

export interface Child {
  name: string;
  process: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Resolves when an output line matches `pattern`; rejects when the process exits first. */
  waitForLine(pattern: RegExp): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Runs `node <args>` (the running Node, so always Node 24) with its output prefixed. */
export function startChild(
  name: string,
  args: string[],
  options: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    onExit?: (code: number | null, signal: string | null) => void;
    /** Where its output lines go; by default the console, prefixed with its name. */
    write?: (line: string) => void;
  },
): Child {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const write = options.write ?? prefixed(name);
  const watchers = new Set<{ pattern: RegExp; resolve: () => void }>();
  const onLine = (line: string) => {
    write(line);
    for (const watcher of watchers) {
      if (!watcher.pattern.test(line)) continue;
      watchers.delete(watcher);
      watcher.resolve();
    }
  };
  pipeLines(child.stdout, onLine);
  pipeLines(child.stderr, onLine);
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      write(`impossible de lancer le processus : ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      options.onExit?.(code, signal);
      resolve(code);
    });
  });
  return {
    name,
    process: child,
    exited,
    waitForLine(pattern) {
      return new Promise((resolve, reject) => {
        watchers.add({ pattern, resolve });
        void exited.then(() => reject(new Error(`${name} s'est arrêté`)));
      });
    },
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        write(`toujours actif après ${graceMs / 1000} s : SIGKILL`);
        child.kill('SIGKILL');
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs `node <args>` to completion (a build); resolves with its exit code. */
export async function runNode(
  name: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<number | null> {
  return startChild(name, args, { cwd: options.cwd, env: options.env ?? process.env }).exited;
}
