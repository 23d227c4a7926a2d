/**
 * Starts the Temporal dev server (`temporal server start-dev`) for the embedded stack and the tests,
 * with the project's search attributes registered. Falls back to the SDK's download of the same
 * server when no CLI binary can be found or built.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { findTemporalCli } from './temporal-cli.ts';
import { searchAttributeKeys } from '../workflows/search-attributes.ts';
import { waitFor } from './wait.ts';

export interface TemporalServerOptions {
  port: number;
  /** Web UI port; omitted for a headless server (tests). */
  uiPort?: number;
  /** The Web UI's codec server (`<endpoint>/decode`): it shows payloads decrypted to a signed-in supervisor. */
  uiCodecEndpoint?: string;
  /** SQLite file for persistence; in-memory when omitted. */
  dbFilename?: string;
  log?: (line: string) => void;
}

export interface RunningTemporal {
  address: string;
  uiUrl: string | null;
  source: string;
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL), as a crash would: for the fault tests. */
  kill?(): Promise<void>;
}

const dynamicConfig = [
  // Update-With-Start (submit starts the case) is off by default on older dev servers.
  'frontend.enableExecuteMultiOperation=true',
  'frontend.enableUpdateWorkflowExecution=true',
];

/** `KEYWORD` → `Keyword`, the spelling `--search-attribute` expects. */
function cliTypeName(type: string): string {
  return type
    .toLowerCase()
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** Starts the dev server and resolves once its frontend answers. */
export async function startTemporalServer(options: TemporalServerOptions): Promise<RunningTemporal> {
  const log = options.log ?? (() => {});
  const cli = findTemporalCli(log);
  const address = `127.0.0.1:${options.port}`;
  if (!cli) return startWithSdkDownload(options, address, log);

  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--log-level',
    'error',
  ];
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  if (options.uiPort && options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  else args.push('--headless');
  if (options.dbFilename) args.push('--db-filename', options.dbFilename);
  for (const key of searchAttributeKeys)
    args.push('--search-attribute', `${key.name}=${cliTypeName(key.type)}`);
  for (const value of dynamicConfig) args.push('--dynamic-config-value', value);

  const child: ChildProcess = spawn(cli.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let exited = false;
  child.on('exit', () => (exited = true));
  child.stdout?.on('data', (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .forEach((line) => log(line)),
  );
  child.stderr?.on('data', (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .forEach((line) => log(line)),
  );

  await waitFor(`le serveur Temporal (${address})`, 60_000, async () => {
    if (exited)
      throw new Error(`Le serveur Temporal s'est arrêté au démarrage (port ${options.port} déjà pris ?)`);
    const connection = await Connection.connect({ address, connectTimeout: 1000 });
    try {
      await connection.workflowService.getSystemInfo({});
      // The frontend answers before the default namespace is ready on a busy machine: wait for both.
      await connection.workflowService.describeNamespace({ namespace: 'default' });
    } finally {
      await connection.close();
    }
  });

  return {
    address,
    uiUrl: options.uiPort ? `http://localhost:${options.uiPort}` : null,
    source: `CLI Temporal (${cli.source}: ${cli.path})`,
    async stop() {
      if (exited) return;
      const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
    },
    async kill() {
      if (exited) return;
      const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await done;
    },
  };
}

async function startWithSdkDownload(
  options: TemporalServerOptions,
  address: string,
  log: (line: string) => void,
): Promise<RunningTemporal> {
  log('Aucun CLI Temporal ni Go : téléchargement du serveur de développement par le SDK Temporal.');
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ip: '127.0.0.1',
      port: options.port,
      ...(options.dbFilename ? { dbFilename: options.dbFilename } : {}),
      ui: Boolean(options.uiPort),
      ...(options.uiPort ? { uiPort: options.uiPort } : {}),
      searchAttributes: searchAttributeKeys,
      extraArgs: dynamicConfig.flatMap((value) => ['--dynamic-config-value', value]),
    },
  });
  return {
    address,
    uiUrl: options.uiPort ? `http://localhost:${options.uiPort}` : null,
    source: 'téléchargement du SDK Temporal',
    stop: () => env.teardown(),
  };
}
