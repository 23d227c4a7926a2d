/**
 * The Temporal server of the cluster stack: `temporal-server start` configured, as its Docker image
 * is, by environment variables only (the template embedded in the server), persisted in PostgreSQL.
 * Its schema is set up and upgraded first by `temporal-schema.sh` (temporal-sql-tool).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { waitFor } from '../wait.ts';
import { clusterBinary } from './binaries.ts';
import type { ClusterDatabases } from './postgres.ts';
import { startServiceProcess, type ServiceProcess } from './service-process.ts';

/** Settings that docker-compose.yml must give its server with the very same values. */
export const TEMPORAL_SERVER_SETTINGS = {
  DB: 'postgres12',
  DBNAME: 'temporal',
  VISIBILITY_DBNAME: 'temporal_visibility',
  // Fixed when the cluster is created; a production cluster picks its own before its first start.
  NUM_HISTORY_SHARDS: '4',
};

export const SCHEMA_SCRIPT = fileURLToPath(new URL('./temporal-schema.sh', import.meta.url));
export const DYNAMIC_CONFIG = fileURLToPath(new URL('./temporal-dynamic-config.yaml', import.meta.url));

/** The server's own ports: its frontend (TEMPORAL_ADDRESS) and the internal services'. */
export interface TemporalPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

/** The variables of `temporal-server start` (and of temporal-schema.sh). */
export function temporalServerEnv(db: ClusterDatabases['temporal'], ports: TemporalPorts) {
  return {
    ...TEMPORAL_SERVER_SETTINGS,
    POSTGRES_SEEDS: db.host,
    DB_PORT: String(db.port),
    POSTGRES_USER: db.user,
    POSTGRES_PWD: db.password,
    BIND_ON_IP: '127.0.0.1',
    DYNAMIC_CONFIG_FILE_PATH: DYNAMIC_CONFIG,
    LOG_LEVEL: 'warn',
    FRONTEND_GRPC_PORT: String(ports.frontend),
    FRONTEND_HTTP_PORT: String(ports.frontendHttp),
    FRONTEND_MEMBERSHIP_PORT: String(ports.frontendMembership),
    HISTORY_GRPC_PORT: String(ports.history),
    HISTORY_MEMBERSHIP_PORT: String(ports.historyMembership),
    MATCHING_GRPC_PORT: String(ports.matching),
    MATCHING_MEMBERSHIP_PORT: String(ports.matchingMembership),
    WORKER_GRPC_PORT: String(ports.worker),
    WORKER_MEMBERSHIP_PORT: String(ports.workerMembership),
  };
}

export type TemporalServerEnv = ReturnType<typeof temporalServerEnv>;

/** Creates Temporal's databases on first run and upgrades their schema; throws with the tool's output. */
export function setUpTemporalSchema(env: TemporalServerEnv, log: (line: string) => void): void {
  const run = spawnSync('sh', [SCHEMA_SCRIPT], {
    env: { PATH: process.env.PATH, ...env, TEMPORAL_SQL_TOOL: clusterBinary('temporalSqlTool', log) },
    encoding: 'utf8',
  });
  for (const line of run.stdout.split('\n').filter(Boolean)) log(line);
  if (run.status !== 0)
    throw new Error(`Le schéma de Temporal n'a pas pu être préparé : ${run.stderr.trim().slice(-2000)}`);
}

export interface RunningTemporalServer {
  address: string;
  pid(): number | undefined;
  /** Stops the process: SIGTERM waits for a clean stop, SIGKILL is a crash. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same databases and ports, and waits until it answers. */
  restart(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

/** Waits until the frontend answers a call that goes through history and persistence. */
async function frontendReady(address: string, exited: () => boolean): Promise<void> {
  await waitFor(`le serveur Temporal (${address})`, 90_000, async () => {
    if (exited()) throw new Error("le serveur Temporal s'est arrêté au démarrage");
    const connection = await Connection.connect({ address, connectTimeout: 1000 });
    try {
      await connection.workflowService.getSystemInfo({});
      await connection.workflowService.listNamespaces({});
    } finally {
      await connection.close();
    }
  });
}

/** Starts the server process (the schema must be ready) and resolves once its frontend answers. */
export async function startTemporalServer(
  env: TemporalServerEnv,
  log: (line: string) => void,
): Promise<RunningTemporalServer> {
  const binary = clusterBinary('temporalServer', log);
  const address = `127.0.0.1:${env.FRONTEND_GRPC_PORT}`;
  let server: ServiceProcess;
  const launch = async () => {
    server = startServiceProcess(
      binary,
      ['--allow-no-auth', 'start'],
      { HOME: process.env.HOME, ...env },
      log,
    );
    await frontendReady(address, () => server.exited());
  };
  const stop = (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => server.stop(signal, 20_000);

  await launch();
  return {
    address,
    pid: () => server.pid,
    stop,
    async restart(signal = 'SIGKILL') {
      await stop(signal);
      await launch();
    },
  };
}
