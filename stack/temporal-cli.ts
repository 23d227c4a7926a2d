/**
 * Finds a Temporal CLI binary, building it once from the Go module proxy when needed.
 * Order: $TEMPORAL_CLI, `temporal` on PATH, the cached build, `go install` into the cache.
 * Returns null when none is possible; the caller then falls back to the SDK's own download.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { goBinary, goCacheDir, onPath } from './go-build.ts';

export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

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
  const wasCached = existsSync(path.join(goCacheDir(), 'temporal'));
  const built = goBinary(
    {
      what: 'le CLI Temporal',
      file: 'temporal',
      target: TEMPORAL_CLI_MODULE,
      module: 'github.com/temporalio/cli',
    },
    log,
  );
  if (!built) {
    log('Pas de CLI Temporal ; repli sur le téléchargement du SDK.');
    return null;
  }
  return { path: built, source: wasCached ? 'cache' : 'go install' };
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
