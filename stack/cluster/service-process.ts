/**
 * One service binary of the cluster stack as a child process: its own environment only (no variable
 * of ours leaks into a server that reads many), its output to a log, SIGTERM then SIGKILL to stop.
 */
import { spawn } from 'node:child_process';

export interface ServiceProcess {
  pid: number | undefined;
  exited(): boolean;
  /** SIGTERM waits for a clean stop (SIGKILL after `graceMs`); SIGKILL is a crash. */
  stop(signal?: 'SIGTERM' | 'SIGKILL', graceMs?: number): Promise<void>;
}

export function startServiceProcess(
  binary: string,
  args: string[],
  env: Record<string, string | undefined>,
  log: (line: string) => void,
): ServiceProcess {
  const child = spawn(binary, args, {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exited = false;
  let stopping = false;
  const done = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      if (!stopping) log(`arrêt inattendu (${signal ?? `code ${code}`})`);
      resolve();
    }),
  );
  const relay = (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach(log);
  child.stdout.on('data', relay);
  child.stderr.on('data', relay);
  return {
    pid: child.pid,
    exited: () => exited,
    async stop(signal = 'SIGTERM', graceMs = 15_000) {
      if (exited) return;
      stopping = true;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await done;
      clearTimeout(timer);
    },
  };
}
