/**
 * Schemathesis (pinned in tests/api/schemathesis/requirements.txt, installed by .ci/run) fuzzes the
 * served OpenAPI document on the real test stack with all its checks, once without a session, once as
 * each role (and both kinds of supervisor), and once as a département's system with its client
 * credentials: no server error, no answer outside the document, no failure of any kind.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS, operationId } from '../../api/openapi/document.ts';
import type { Role } from '../../domain/case-rules.ts';
import { createApiClient } from '../../api/departements/api-clients.ts';
import { createUser } from '../support/fixtures.ts';
import { insertRelay } from '../support/relays.ts';
import { sessionFor } from '../support/moderation.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const PINNED = readFileSync(path.join(HERE, 'schemathesis/requirements.txt'), 'utf8').trim();
const VERSION = PINNED.split('==')[1]!;
/** Where .ci/run installs it (a venv per pinned version). */
export const SCHEMATHESIS =
  process.env.SCHEMATHESIS ??
  path.join(homedir(), '.cache', 'registre-assmat', `schemathesis-${VERSION}`, 'bin', 'schemathesis');
/** Examples per operation and phase: sized so that the nine runs stay within CI's budget. */
const MAX_EXAMPLES = Number(process.env.FUZZ_EXAMPLES ?? 10);

/**
 * Operations a signed-in run leaves out, because they end the very session (or account) the run
 * uses (they are still fuzzed by the anonymous run, and tested in accounts-*.test.ts).
 */
const ENDS_ITS_SESSION = [
  '/api/auth/logout',
  '/api/account/sessions/end-all',
  '/api/account/password',
  // Closes the account itself (tests/api/personal-data.test.ts).
  '/api/account/closure',
];

/** Who calls: a person's session (her role), or a département's system (its client credentials). */
type Caller = { role: Role } | { role: 'departementClient' };

/**
 * What a signed-in run fuzzes: the operations open to its caller (the anonymous run fuzzes them all,
 * public ones included; that the other roles are refused is the authorisation matrix's part).
 */
function operationsOf({ role }: Caller): string[] {
  return OPERATIONS.filter((o) =>
    role === 'departementClient'
      ? o.access === 'departementClient'
      : (o.access === 'signedIn' || (Array.isArray(o.access) && o.access.includes(role))) &&
        !ENDS_ITS_SESSION.includes(o.path),
  ).map(operationId);
}

let stack: FileStack;
let work: string;
beforeAll(async () => {
  stack = await setUpFile('api-fuzzing', { api: true });
  work = mkdtempSync(path.join(tmpdir(), 'registre-fuzzing-'));
});
afterAll(async () => {
  await stack?.teardown();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Run {
  exitCode: number;
  output: string;
  seconds: number;
}

/** A caller's credentials: the header it sends, and who it is. */
type Credentials = Caller & { authorization: string };

function schemathesis(session: Credentials | null): Promise<Run> {
  const args = [
    '--config-file',
    path.join(HERE, 'schemathesis/schemathesis.toml'),
    '--no-color',
    'run',
    `${stack.apiUrl}/api/openapi.json`,
    // Every check: enabled in the config file (with its per-operation exceptions), not here.
    '--max-examples',
    String(MAX_EXAMPLES),
    '--seed',
    '20261209',
    // One worker: CPython 3.11's `ast` is not thread-safe, and hypothesis parses its own sources
    // ("AST constructor recursion depth mismatch" with two).
    '--workers',
    '1',
    ...(session
      ? [
          '--header',
          `Authorization: ${session.authorization}`,
          ...operationsOf(session).flatMap((id) => ['--include-operation-id', id]),
        ]
      : []),
  ];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // Run in the file's scratch directory: schemathesis keeps a `.schemathesis/` cache where it runs.
    const child = spawn(SCHEMATHESIS, args, { cwd: work, env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ exitCode: code ?? -1, output, seconds: Math.round((Date.now() - started) / 1000) }),
    );
  });
}

/** The figures of a run, from its summary: operations tested, test cases sent, failures and errors. */
function figures(output: string) {
  const closing = output.trim().split('\n').at(-1) ?? '';
  const count = (pattern: RegExp, text = output) => Number(pattern.exec(text)?.[1] ?? 0);
  return {
    operations: count(/Tested: (\d+)/),
    cases: count(/(\d+) generated/),
    failures: count(/(\d+) failures?\b/, closing),
    errors: count(/(\d+) errors?\b/, closing),
  };
}

/**
 * Two runs at a time (one per core), each its own process with one worker: the longest (anonymous,
 * every operation) first, the others in the second lane meanwhile.
 */
const LANES = 2;
let running = 0;
const waiting: Array<() => void> = [];
async function inLane<T>(run: () => Promise<T>): Promise<T> {
  if (running >= LANES) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await run();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

const CALLERS = [
  'anonymous',
  'childminder',
  'moderator',
  'regionalSupervisor',
  'nationalSupervisor',
  'relay',
  'departementAgent',
  'dataProtection',
  'departementClient',
] as const;
type CallerName = (typeof CALLERS)[number];

/** A person of the caller's kind, signed in (or a département's system with its credentials). */
async function credentialsOf(caller: Exclude<CallerName, 'anonymous'>): Promise<Credentials> {
  if (caller === 'departementClient') {
    const agent = await createUser(stack.db, { role: 'departement_agent', departementCode: '69' });
    const client = await createApiClient(stack.db, agent.actor, '69', 'Fuzzing');
    const basic = Buffer.from(`${client.id}:${client.secret}`).toString('base64');
    return { role: 'departementClient', authorization: `Basic ${basic}` };
  }
  const user =
    caller === 'childminder'
      ? await createUser(stack.db)
      : caller === 'moderator'
        ? await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })
        : caller === 'relay'
          ? await createUser(stack.db, { role: 'relay', relayId: (await insertRelay(stack.db)).id })
          : caller === 'departementAgent'
            ? await createUser(stack.db, { role: 'departement_agent', departementCode: '69' })
            : caller === 'dataProtection'
              ? await createUser(stack.db, { role: 'data_protection' })
              : await createUser(stack.db, {
                  role: 'supervisor',
                  ...(caller === 'regionalSupervisor' ? { officeIds: ['caf-69'] } : {}),
                });
  return { role: user.actor.role, authorization: `Bearer ${await sessionFor(stack.db, user)}` };
}

describe('schemathesis on the served document', () => {
  it('is installed, at the pinned version', async () => {
    expect(existsSync(SCHEMATHESIS), `${SCHEMATHESIS} absent : lancez .ci/run (${PINNED})`).toBe(true);
  });

  it.concurrent.each(CALLERS)('finds nothing to report, as %s', { timeout: 900_000 }, async (caller) => {
    const session = caller === 'anonymous' ? null : await credentialsOf(caller);
    const run = await inLane(() => schemathesis(session));
    if (process.env.FUZZ_LOG) writeFileSync(path.join(process.env.FUZZ_LOG, `${caller}.log`), run.output);
    const result = figures(run.output);
    console.log(`schemathesis ${VERSION}, ${caller} : ${JSON.stringify(result)} en ${run.seconds} s`);
    expect(run.exitCode, run.output.slice(-20_000)).toBe(0);
    expect(result.operations).toBe(session ? operationsOf(session).length : OPERATIONS.length);
    expect(result.failures + result.errors).toBe(0);
  });
});
