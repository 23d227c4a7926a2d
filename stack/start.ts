/**
 * `npm start`: checks the Node version, then runs stack/launcher.ts in a session of its own
 * (`npm run start:cluster`: stack/cluster/launcher.ts).
 *
 * Why a separate session: Ctrl-C in a terminal signals the whole foreground process group, so
 * PostgreSQL and Temporal would stop at the same instant as the api and the worker. Here only this
 * process receives it and forwards it once; the launcher then stops everything in order. A second
 * Ctrl-C kills the launcher's whole process group (it may be blocked, e.g. building the Temporal CLI).
 *
 * This file imports nothing else from the project: older Node versions must reach the check below.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `Node ${process.versions.node} détecté : le registre demande Node 24 ou plus récent ` +
      '(il exécute directement les fichiers TypeScript). Installez Node 24, ou lancez `.ci/run` qui le fait.',
  );
  process.exit(1);
}

// `--cluster`: the cluster stack's launcher (`npm run start:cluster`), with the same signal handling.
const launcher = fileURLToPath(
  new URL(process.argv.includes('--cluster') ? './cluster/launcher.ts' : './launcher.ts', import.meta.url),
);
const child = spawn(process.execPath, [launcher], { stdio: 'inherit', detached: true });

let signals = 0;
function forward(signal: NodeJS.Signals): void {
  signals += 1;
  if (signals === 1) {
    child.kill(signal);
    return;
  }
  console.error('\nArrêt forcé.');
  try {
    // Negative pid: the launcher's process group, i.e. everything it started.
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
  process.exit(130);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, forward);

child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
