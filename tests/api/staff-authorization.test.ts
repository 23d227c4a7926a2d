/**
 * The authorisation matrix of the staff API: every endpoint, for every kind of caller, on a case of
 * the caller's office and of another one. Refused calls must leave the case as it was; another
 * office's case answers 404, as if it did not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCommands } from '../../api/cases/commands.ts';
import { apiClient } from '../support/api-client.ts';
import { createUser } from '../support/fixtures.ts';
import { caseInModeration, sessionFor } from '../support/moderation.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

const CALLERS = [
  'anonymous',
  'childminder',
  'moderatorHere',
  'moderatorElsewhere',
  'supervisorHere',
  'supervisorElsewhere',
] as const;
type Caller = (typeof CALLERS)[number];

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let commands: ReturnType<typeof caseCommands>;
const users = {} as Record<Exclude<Caller, 'anonymous'>, Awaited<ReturnType<typeof createUser>>>;
const tokens = {} as Record<Caller, string | undefined>;

beforeAll(async () => {
  stack = await setUpFile('staff-authorization', { api: true });
  api = apiClient(stack.apiUrl);
  commands = caseCommands(stack.deps);
  users.childminder = await createUser(stack.db);
  users.moderatorHere = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
  users.moderatorElsewhere = await createUser(stack.db, { role: 'moderator', officeId: 'caf-75' });
  users.supervisorHere = await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69', 'caf-13'] });
  users.supervisorElsewhere = await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-75'] });
  for (const caller of CALLERS)
    tokens[caller] = caller === 'anonymous' ? undefined : await sessionFor(stack.db, users[caller]);
});
afterAll(() => stack?.teardown());

interface Case {
  registrationId: string;
  documentId: string;
  ownerToken: string;
}

interface Row {
  endpoint: string;
  method: 'GET' | 'POST';
  path: (c: Case) => string;
  body?: () => unknown;
  /** Puts the case in the state the call needs (e.g. held by the moderator) before each caller. */
  prepare?: (c: Case) => Promise<void>;
  expected: Record<Caller, number>;
}

const holdBy = (caller: 'moderatorHere') => async (c: Case) => {
  const kase = await stack.db('cases').where({ registration_id: c.registrationId }).first('holder_id');
  if (!kase.holder_id) await commands.claim(c.registrationId, users[caller].actor);
};

const reads = { anonymous: 401, childminder: 403, moderatorElsewhere: 404, supervisorElsewhere: 404 };
const MATRIX: Row[] = [
  {
    endpoint: 'file d’attente',
    method: 'GET',
    path: () => '/api/staff/cases',
    expected: {
      ...reads,
      moderatorHere: 200,
      supervisorHere: 200,
      moderatorElsewhere: 200,
      supervisorElsewhere: 200,
    },
  },
  {
    endpoint: 'vue du dossier',
    method: 'GET',
    path: (c) => `/api/staff/cases/${c.registrationId}`,
    expected: { ...reads, moderatorHere: 200, supervisorHere: 200 },
  },
  {
    endpoint: 'copie de l’agrément',
    method: 'GET',
    path: (c) => `/api/staff/cases/${c.registrationId}/documents/${c.documentId}/content`,
    expected: { ...reads, moderatorHere: 200, supervisorHere: 200 },
  },
  {
    endpoint: 'note interne',
    method: 'POST',
    path: (c) => `/api/staff/cases/${c.registrationId}/notes`,
    body: () => ({ body: 'Attestation à recouper avec la PMI.' }),
    expected: { ...reads, moderatorHere: 201, supervisorHere: 201 },
  },
  {
    endpoint: 'prise en charge',
    method: 'POST',
    path: (c) => `/api/staff/cases/${c.registrationId}/claim`,
    expected: { ...reads, supervisorHere: 403, moderatorHere: 200 },
  },
  {
    endpoint: 'remise dans la file',
    method: 'POST',
    path: (c) => `/api/staff/cases/${c.registrationId}/release`,
    prepare: holdBy('moderatorHere'),
    expected: { ...reads, moderatorHere: 200, supervisorHere: 200 },
  },
  {
    endpoint: 'attribution',
    method: 'POST',
    path: (c) => `/api/staff/cases/${c.registrationId}/assign`,
    body: () => ({ moderatorId: users.moderatorHere.id }),
    // Not an action of moderators at all: refused for the role, whatever the case.
    expected: { ...reads, moderatorHere: 403, moderatorElsewhere: 403, supervisorHere: 200 },
  },
  {
    endpoint: 'transfert',
    method: 'POST',
    path: (c) => `/api/staff/cases/${c.registrationId}/reassign`,
    body: () => ({ officeId: 'caf-13', reason: 'Charge de travail' }),
    expected: { ...reads, moderatorHere: 403, moderatorElsewhere: 403, supervisorHere: 200 },
  },
  {
    endpoint: 'décision',
    method: 'POST',
    path: (c) => `/api/staff/cases/${c.registrationId}/decision`,
    body: () => ({ kind: 'approve' }),
    prepare: holdBy('moderatorHere'),
    expected: { ...reads, supervisorHere: 403, moderatorHere: 200 },
  },
];

/** One call; the document comes back as bytes, everything else as JSON. */
async function send(
  method: string,
  path: string,
  body: unknown,
  token: string | undefined,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read loosely, as in api-client.ts
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : null,
  });
  const json = /json/.test(response.headers.get('content-type') ?? '');
  return {
    status: response.status,
    body: json ? await response.json() : { bytes: (await response.arrayBuffer()).byteLength },
  };
}

async function snapshot(registrationId: string) {
  return stack
    .db('cases')
    .where({ registration_id: registrationId })
    .first('status', 'office_id', 'holder_id', 'due_at', 'seq');
}

describe('the staff API’s authorisation matrix', () => {
  it.each(MATRIX.map((row) => [row.endpoint, row] as const))('%s', async (_name, row) => {
    const { registrationId, documentId, owner } = await caseInModeration(stack);
    const kase: Case = {
      registrationId,
      documentId,
      ownerToken: await sessionFor(stack.db, owner),
    };
    // The owner of the case is a childminder too, and must fare no better than another one.
    const callers: Array<[Caller | 'owner', number]> = [
      ...CALLERS.map((caller) => [caller, row.expected[caller]] as [Caller, number]),
      ['owner', row.expected.childminder],
    ];
    // Refusals first, each leaving the case untouched; then the callers who may act.
    callers.sort(([, a], [, b]) => Number(a < 300) - Number(b < 300));
    for (const [caller, expected] of callers) {
      await row.prepare?.(kase);
      const before = await snapshot(registrationId);
      const token = caller === 'owner' ? kase.ownerToken : tokens[caller];
      const response = await send(row.method, row.path(kase), row.body?.(), token);
      expect(response.status, `${row.endpoint} par ${caller} : ${JSON.stringify(response.body)}`).toBe(
        expected,
      );
      if (expected >= 300) {
        expect(response.body.code, `${row.endpoint} par ${caller}`).toMatch(/^[a-z_]+$/);
        expect(response.body.detail).toMatch(/[a-zé]/);
        expect(await snapshot(registrationId), `${row.endpoint} par ${caller}`).toEqual(before);
      }
      if (row.endpoint === 'file d’attente' && expected === 200) {
        const ids = response.body.items.map((item: { id: string }) => item.id);
        expect(ids.includes(registrationId), `file de ${caller}`).toBe(caller.endsWith('Here'));
      }
    }
  });

  it('never shows the internal notes to the childminder', async () => {
    const { registrationId, owner } = await caseInModeration(stack);
    const note = 'Appeler la PMI avant de valider : doute sur la date.';
    await api.post(`/api/staff/cases/${registrationId}/notes`, { body: note }, tokens.moderatorHere);
    const own = await api.get(`/api/registrations/${registrationId}`, await sessionFor(stack.db, owner));
    expect(own.status).toBe(200);
    expect(JSON.stringify(own.body)).not.toContain(note);
    const staff = await api.get(`/api/staff/cases/${registrationId}`, tokens.moderatorHere);
    expect(staff.body.notes.map((n: { body: string }) => n.body)).toEqual([note]);
    const audit = await stack.db('audit_log').where({ target_id: registrationId, action: 'case.note_added' });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0].detail)).not.toContain('PMI');
  });
});
