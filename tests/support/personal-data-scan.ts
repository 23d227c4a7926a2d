/**
 * The personal-data scan every test file ends with (setUpFile's teardown): the synthetic people the
 * file used (recorded by the fixtures, plus whatever its database holds) are looked for in every
 * Temporal history of its task queue, read through a client WITHOUT the codec (what Temporal's
 * server and anyone with `temporal workflow show` see), and in everything its API and workers logged.
 * A finding names the workflow, the event and the kind of value, never the value itself.
 */
import proto from '@temporalio/proto';
import { Client, type Connection } from '@temporalio/client';
import type { Db } from '../../infra/db.ts';
import type { KeyRing } from '../../infra/keys.ts';
import { openIdentity } from '../../infra/sealed-nir.ts';
import { NAMED_PEOPLE } from '../../stack/sngi-people.ts';

export type PersonalKind = 'NIR' | 'nom' | 'prénom' | 'date de naissance' | 'adresse' | 'téléphone';

/** What is looked for: each form a value may take, by kind. */
const needles = new Map<string, PersonalKind>();
const logs: string[] = [];

function add(kind: PersonalKind, value: string | null | undefined): void {
  const clean = value?.trim();
  if (!clean || clean.length < 3) return;
  // A short value (a first name like "Ana") would match random ciphertext: only its JSON form counts.
  needles.set(clean.length < 6 ? JSON.stringify(clean) : clean, kind);
}

interface PersonLike {
  nir?: string | null;
  birthName?: string | null;
  usageName?: string | null;
  firstNames?: string[] | null;
  /** YYYY-MM-DD (the SNGI's form) or the registration's parts. */
  birthDate?: string | { year: number; month: number | null; day: number | null } | null;
}

/** Records a person's identity in every form it takes: NIR grouped or not, date ISO, French and JSON. */
export function recordPerson(person: PersonLike): void {
  const nir = person.nir?.replace(/\s/g, '');
  if (nir && /^[0-9AB]{15}$/i.test(nir)) {
    add('NIR', nir);
    const parts = [1, 2, 2, 2, 3, 3, 2].reduce<string[]>((all, size) => {
      const start = all.join('').length;
      return [...all, nir.slice(start, start + size)];
    }, []);
    add('NIR', parts.join(' '));
  }
  add('nom', person.birthName);
  add('nom', person.usageName);
  for (const first of person.firstNames ?? []) add('prénom', first);
  if (person.firstNames && person.firstNames.length > 1) add('prénom', person.firstNames.join(' '));
  const date = person.birthDate;
  if (!date) return;
  const [year, month, day] =
    typeof date === 'string' ? date.split('-').map(Number) : [date.year, date.month ?? 0, date.day ?? 0];
  if (!year || !month || !day) return;
  const two = (n: number) => String(n).padStart(2, '0');
  add('date de naissance', `${year}-${two(month)}-${two(day)}`);
  add('date de naissance', `${two(day)}/${two(month)}/${year}`);
  add('date de naissance', `"year":${year},"month":${month},"day":${day}`);
}

/** Records a contact: address lines and the phone, as typed, in digits and international. */
export function recordContact(contact: {
  address?: { line1?: string | null; line2?: string | null } | null;
  phone?: string | null;
}): void {
  add('adresse', contact.address?.line1);
  add('adresse', contact.address?.line2);
  const phone = contact.phone;
  if (!phone) return;
  add('téléphone', phone);
  const digits = phone.replace(/\D/g, '');
  add('téléphone', digits);
  if (digits.startsWith('0')) add('téléphone', `+33${digits.slice(1)}`);
}

for (const person of Object.values(NAMED_PEOPLE)) recordPerson(person);

/** What the file's database holds of people (a test may build her inline, or type her in a browser). */
export async function recordStoredPeople(db: Db, keys: KeyRing): Promise<void> {
  const rows: Array<{
    id: string;
    identity: PersonLike | null;
    contact: Parameters<typeof recordContact>[0] | null;
  }> = await db('registrations').select('id', 'identity', 'contact');
  for (const row of rows) {
    if (row.identity) {
      try {
        recordPerson(openIdentity(keys, row.identity as { nir: string }, row.id));
      } catch {
        recordPerson({ ...row.identity, nir: null }); // a NIR sealed under a key of another test
      }
    }
    if (row.contact) recordContact(row.contact);
  }
}

/** Keeps what a process of the file wrote (its logs), for the scan. */
export function captureLog(text: string): void {
  logs.push(text);
}

let tapped = false;
/** Every console line of this test process (the in-process API, workers and Temporal's runtime). */
export function tapConsole(): void {
  if (tapped) return;
  tapped = true;
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      captureLog(args.map((arg) => (typeof arg === 'string' ? arg : safeString(arg))).join(' '));
      original(...args);
    };
  }
}

function safeString(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack ?? ''}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The kinds of personal value `bytes` (or a text) holds. */
export function kindsIn(bytes: Buffer | string): PersonalKind[] {
  if (typeof bytes === 'string') bytes = Buffer.from(bytes);
  const found = new Set<PersonalKind>();
  for (const [needle, kind] of needles) if (bytes.includes(needle)) found.add(kind);
  return [...found];
}

/** Findings in the captured logs (the line's number and the kinds it holds), and how many lines. */
export function scanLogs(): { lines: number; findings: string[] } {
  const lines = logs.join('\n').split('\n');
  const findings = lines.flatMap((line, index) => {
    const kinds = kindsIn(line);
    return kinds.length ? [`journal, ligne ${index + 1} : ${kinds.join(', ')}`] : [];
  });
  return { lines: lines.length, findings };
}

const { HistoryEvent } = proto.temporal.api.history.v1;

/**
 * Findings in every history `query` lists, fetched through a codec-less client on `connection`,
 * `concurrency` at a time. Returns them and how many histories were read.
 */
export async function scanHistories(
  connection: Connection,
  namespace: string,
  query: string,
  concurrency = 4,
): Promise<{ histories: number; findings: string[] }> {
  const bare = new Client({ connection, namespace }); // no codec: the raw history
  const runs: Array<{ workflowId: string; runId: string }> = [];
  for await (const run of bare.workflow.list({ query }))
    runs.push({ workflowId: run.workflowId, runId: run.runId });
  const findings: string[] = [];
  let next = 0;
  const reader = async () => {
    while (next < runs.length) {
      const { workflowId, runId } = runs[next++]!;
      const history = await bare.workflow.getHandle(workflowId, runId).fetchHistory();
      for (const event of history.events ?? []) {
        const kinds = kindsIn(Buffer.from(HistoryEvent.encode(event).finish()));
        if (kinds.length)
          findings.push(`${workflowId} (${runId}), événement ${event.eventId} : ${kinds.join(', ')}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, runs.length) }, reader));
  return { histories: runs.length, findings };
}

/** How many distinct values are looked for (the report says it). */
export function recordedValues(): number {
  return needles.size;
}
