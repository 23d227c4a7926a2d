/**
 * Finds a Temporal CLI binary, building it once from the Go module proxy when needed.
 * Order: $TEMPORAL_CLI, `temporal` on PATH, the cached build, `go install` into the cache.
 * Returns null when none is possible; the caller then falls back to the SDK's own download.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

/** Where the built CLI is cached, outside the repository so a fresh clone reuses it. */
export function temporalCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'registre-assmat', 'bin');
}

function onPath(binary: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  const location = found.stdout.trim();
  return found.status === 0 && location ? location : null;
}

export interface TemporalCli {
  path: string;
  /** How it was found, said in the start-up banner and the README. */
  source: 'TEMPORAL_CLI' | 'PATH' | 'cache' | 'go install';
}

/** Locates (or builds) the CLI; `log` receives one line per step that takes time. */
export function findTemporalCli(log: (line: string) => void = () => {}): TemporalCli | null {
  if (process.env.TEMPORAL_CLI) return { path: process.env.TEMPORAL_CLI, source: 'TEMPORAL_CLI' };
  const fromPath = onPath('temporal');
  if (fromPath) return { path: fromPath, source: 'PATH' };
  const cached = path.join(temporalCacheDir(), 'temporal');
  if (existsSync(cached)) return { path: cached, source: 'cache' };
  if (!onPath('go')) return null;
  mkdirSync(temporalCacheDir(), { recursive: true });
  log(`Construction du CLI Temporal (${TEMPORAL_CLI_MODULE}) avec Go, une seule fois : environ 3 minutes…`);
  const started = Date.now();
  const build = spawnSync('go', ['install', TEMPORAL_CLI_MODULE], {
    env: { ...process.env, GOBIN: temporalCacheDir(), GOFLAGS: '-buildvcs=false' },
    stdio: 'inherit',
  });
  if (build.status !== 0 || !existsSync(cached)) {
    log('La construction du CLI Temporal a échoué ; repli sur le téléchargement du SDK.');
    return null;
  }
  log(`CLI Temporal construit en ${Math.round((Date.now() - started) / 1000)} s : ${cached}`);
  return { path: cached, source: 'go install' };
}

// Run directly (`node stack/temporal-cli.ts`), it prints the binary's path: `.ci/run` uses it.
if (import.meta.main) {
  const cli = findTemporalCli((line) => console.error(line));
  if (!cli) {
    console.error('Aucun CLI Temporal : installez Go ≥ 1.25 ou définissez TEMPORAL_CLI.');
    process.exit(1);
  }
  console.log(cli.path);
}
