/**
 * The register's own processes on the cluster stack, started exactly as in production: `node
 * api/main.ts`, `node worker/main.ts` once per worker (all on one task queue) and the UI server,
 * each configured by its environment only.
 */
import { fileURLToPath } from 'node:url';
import { startChild, type Child } from '../children.ts';
import { UI_DIR, uiEntry } from '../ui-build.ts';
import { waitFor } from '../wait.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const READY_MS = 120_000;

export interface AppProcesses {
  apiUrl: string | null;
  uiUrl: string | null;
  /** The running workers, in start order (a killed one stays listed, exited). */
  workers: Child[];
  /** Starts one more worker on the same task queue and waits until it polls. */
  addWorker(): Promise<Child>;
  stop(): Promise<void>;
}

export interface AppOptions {
  /** DATABASE_URL, S3_*, TEMPORAL_*, SNGI_URL, SMTP_URL, PUBLIC_URL… */
  env: NodeJS.ProcessEnv;
  workers: number;
  api?: { port: number };
  ui?: { port: number };
  /** Receives each output line of process `name` (`worker-1`, `api`, `ui`). */
  log: (name: string, line: string) => void;
}

function child(name: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, options: AppOptions) {
  return startChild(name, args, { cwd, env, write: (line) => options.log(name, line) });
}

/** Resolves once `url` answers below 500, or fails when the process exits first. */
function answers(process: Child, url: string) {
  return waitFor(`${process.name} (${url})`, READY_MS, async () => {
    if (process.process.exitCode !== null) throw new Error(`${process.name} s'est arrêté`);
    const response = await fetch(url);
    if (response.status >= 500) throw new Error(`HTTP ${response.status}`);
  });
}

/** The worker logs one line when it is built and about to poll (worker/main.ts). */
async function polling(worker: Child) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${worker.name} ne signale pas être prêt`)), READY_MS);
  });
  try {
    await Promise.race([worker.waitForLine(/worker prêt/), late]);
  } finally {
    clearTimeout(timer);
  }
}

export async function startAppProcesses(options: AppOptions): Promise<AppProcesses> {
  const started: Child[] = [];
  const workers: Child[] = [];
  const addWorker = async () => {
    const worker = child(`worker-${workers.length + 1}`, ['worker/main.ts'], ROOT, options.env, options);
    workers.push(worker);
    started.push(worker);
    await polling(worker);
    return worker;
  };
  const stop = async () => {
    await Promise.all(started.map((process) => process.stop(15_000)));
  };

  try {
    const ready: Array<Promise<unknown>> = Array.from({ length: options.workers }, addWorker);
    let apiUrl: string | null = null;
    if (options.api) {
      apiUrl = `http://127.0.0.1:${options.api.port}`;
      const env = { ...options.env, API_PORT: String(options.api.port), API_HOST: '127.0.0.1' };
      const api = child('api', ['api/main.ts'], ROOT, env, options);
      started.push(api);
      ready.push(answers(api, `${apiUrl}/api/health`));
    }
    let uiUrl: string | null = null;
    if (options.ui) {
      if (!apiUrl) throw new Error("l'interface a besoin de l'API");
      uiUrl = `http://127.0.0.1:${options.ui.port}`;
      const ui = child(
        'ui',
        [uiEntry()],
        UI_DIR,
        {
          ...options.env,
          PORT: String(options.ui.port),
          HOST: '127.0.0.1',
          API_URL: apiUrl,
          BODY_SIZE_LIMIT: '1M',
        },
        options,
      );
      started.push(ui);
      ready.push(answers(ui, `${uiUrl}/`));
    }
    await Promise.all(ready);
    return { apiUrl, uiUrl, workers, addWorker, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
