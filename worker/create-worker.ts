/**
 * Builds what the worker process runs: the case's Temporal worker (the workflow bundle plus its
 * activities), a second worker on the task queue of the document checks (a few at a time, each in a
 * sandbox process), and the outbox's delivery. One hostile file costs one sandbox, never the worker;
 * SMTP being down costs the outbox a retry, never a case.
 */
import type { Client } from '@temporalio/client';
import {
  NativeConnection,
  Worker,
  bundleWorkflowCode,
  type ActivityInterceptorsFactory,
  type WorkflowBundleOption,
} from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.ts';
import { DocumentSandbox } from '../activities/document-check/sandbox.ts';
import type { Db } from '../infra/db.ts';
import type { KeyRing } from '../infra/keys.ts';
import { failureConverterPath, sealedDataConverter } from '../infra/temporal/data-converter.ts';
import type { Mailer } from '../infra/mailer.ts';
import type { Storage } from '../infra/s3.ts';
import { documentCheckQueue } from '../workflows/activity-options.ts';
import { activityFailuresWithoutValues } from './activity-failures.ts';
import { startOutboxDrainer } from './outbox-drainer.ts';

export const workflowsPath = new URL('../workflows/index.ts', import.meta.url).pathname;

/** Document checks at once per worker process (each one a sandbox process: a core, up to 512 MiB). */
export const DOCUMENT_CHECKS_AT_ONCE = 2;

/**
 * A workflow task left on a dead worker's sticky queue moves to the shared queue after this: part
 * of how long cases wait after a crash (Temporal's default is 10 s).
 */
const STICKY_QUEUE_TIMEOUT = '3 seconds';
/**
 * Half the pollers on the shared queue (Temporal's default is a fifth): after a crash, the new
 * worker takes up the dead one's workflows from there while its own sticky queue fills up.
 */
const SHARED_QUEUE_POLL_RATIO = 0.5;
/**
 * Workflow tasks taken at once. Workflow code runs on one thread: a task taken and left waiting for
 * it still counts against its 5 s timeout, so on a busy machine fewer at once finish sooner (a timed
 * out task is retried with a backoff). Temporal's default is 40.
 */
export const WORKFLOW_TASKS_AT_ONCE = 10;

/** Bundles the workflow code once (tests share one bundle across files). */
export async function bundleWorkflows(): Promise<{ code: string }> {
  // The failure converter runs inside the workflow sandbox too: it is bundled with the workflows.
  return bundleWorkflowCode({ workflowsPath, failureConverterPath, logger: quietBundlerLogger });
}

const quietBundlerLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

export interface WorkerProcess {
  /** Runs until `shutdown()` (or a fatal error of either worker). */
  run(): Promise<void>;
  shutdown(): void;
  sandbox: DocumentSandbox;
}

export async function createWorkers(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** Seals every payload and failure the workers send to Temporal (infra/temporal/codec.ts). */
  keys: KeyRing;
  deps: { db: Db; temporal: Client; storage: Storage; mailer: Mailer; sngiUrl: string; publicUrl: string };
  workflowBundle?: WorkflowBundleOption;
  /** Workflows kept in memory between their tasks (infra/config.ts); Temporal's default when unset. */
  cachedWorkflows?: number;
  /** Off for a process that must not send mail (none today; tests keep it on). */
  outbox?: boolean;
  /** More interceptors of the case's activities, after ours (a fault test fails an attempt with one). */
  activityInterceptors?: ActivityInterceptorsFactory[];
}): Promise<WorkerProcess> {
  const { connection, namespace, taskQueue, deps } = options;
  const sandbox = new DocumentSandbox(DOCUMENT_CHECKS_AT_ONCE);
  const activityDeps: ActivityDeps = { ...deps, keys: options.keys, documentSandbox: sandbox };
  const activities = createActivities(activityDeps);
  const dataConverter = sealedDataConverter(options.keys);
  const cases = await Worker.create({
    connection,
    dataConverter,
    interceptors: { activity: [activityFailuresWithoutValues, ...(options.activityInterceptors ?? [])] },
    namespace,
    taskQueue,
    activities,
    stickyQueueScheduleToStartTimeout: STICKY_QUEUE_TIMEOUT,
    nonStickyToStickyPollRatio: SHARED_QUEUE_POLL_RATIO,
    maxConcurrentWorkflowTaskExecutions: WORKFLOW_TASKS_AT_ONCE,
    ...(options.cachedWorkflows ? { maxCachedWorkflows: options.cachedWorkflows } : {}),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
  });
  const documents = await Worker.create({
    connection,
    dataConverter,
    interceptors: { activity: [activityFailuresWithoutValues] },
    namespace,
    taskQueue: documentCheckQueue(taskQueue),
    activities: { verifyDocument: activities.verifyDocument },
    maxConcurrentActivityTaskExecutions: DOCUMENT_CHECKS_AT_ONCE,
  });
  let drainer: ReturnType<typeof startOutboxDrainer> | null = null;

  return {
    sandbox,
    async run() {
      if (options.outbox !== false) drainer = startOutboxDrainer({ db: deps.db, mailer: deps.mailer });
      try {
        await Promise.all([cases.run(), documents.run()]);
      } finally {
        await drainer?.stop();
        sandbox.close();
      }
    },
    shutdown() {
      for (const worker of [cases, documents]) if (worker.getState() === 'RUNNING') worker.shutdown();
    },
  };
}
