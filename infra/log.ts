/**
 * One-line JSON logs, with an allow-list: only the fields named below reach the output, and an
 * error is logged as its class and code, never its message (a driver's or a library's message may
 * quote a value: a name, an address, a NIR). Any other field is replaced by `[retiré]`, so a
 * caller who passes a record by mistake leaks nothing and the line says something was dropped.
 * `redact` stays as a last line of defence for NIR- and email-shaped strings in the message.
 * The worker's Temporal logs come through here too (`temporalLogger`).
 */
type Level = 'info' | 'warn' | 'error';

const NIR_LIKE = /\b[1-478]\s?\d{2}\s?\d{2}\s?(\d{2}|2A|2B)\s?\d{3}\s?\d{3}\s?\d{2}\b/gi;
const EMAIL_LIKE = /[\w.+-]+@[\w-]+\.[\w.-]+/g;

export function redact(text: string): string {
  return text.replace(NIR_LIKE, '[NIR]').replace(EMAIL_LIKE, '[courriel]');
}

/** Fields that carry ids, codes, counts and names of things of the program, never of people. */
const ALLOWED = new Set([
  // ours
  'method',
  'path',
  'status',
  'code',
  'port',
  'taskQueue',
  'error',
  'registrationId',
  'bulkId',
  // the Temporal SDK's
  'sdkComponent',
  'namespace',
  'workflowId',
  'runId',
  'workflowType',
  'activityId',
  'activityType',
  'taskToken',
  'attempt',
  'isLocal',
  'durationMs',
  'state',
  'identity',
  'buildId',
]);

const CODE = /^[A-Za-z0-9_.-]{1,60}$/;
const DROPPED = '[retiré]';

/** An error as it may be logged: its class and its code (a SQLSTATE, a Node code), nothing else. */
export function errorFields(error: unknown): { name: string; code?: string } {
  if (!(error instanceof Error)) return { name: typeof error === 'string' ? 'message' : typeof error };
  const name = CODE.test(error.name) ? error.name : 'Error';
  const code = (error as { code?: unknown }).code ?? (error as { type?: unknown }).type;
  return typeof code === 'string' && CODE.test(code) ? { name, code } : { name };
}

/** A URL path with its long opaque segments (links' tokens) masked; ids (UUIDs) kept. */
function maskPath(value: string): string {
  return value
    .split('?')[0]!
    .split('/')
    .map((part) => (part.length > 24 && !/^[0-9a-f-]{36}$/i.test(part) ? ':jeton' : part))
    .join('/');
}

function allowed(key: string, value: unknown): unknown {
  if (!ALLOWED.has(key)) return DROPPED;
  if (key === 'error') return errorFields(value);
  if (key === 'path' && typeof value === 'string') return maskPath(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'string')
    return CODE.test(value) || /^[\w:@/.{}-]{1,120}$/.test(value) ? value : DROPPED;
  return DROPPED;
}

export function logLine(level: Level, message: string, fields: Record<string, unknown> = {}): string {
  const kept = Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, allowed(key, value)]));
  return redact(JSON.stringify({ at: new Date().toISOString(), level, message, ...kept }));
}

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  const line = logLine(level, message, fields);
  if (level === 'info') console.log(line);
  else console.error(line);
}

/** For `Runtime.install({ logger: new DefaultLogger('INFO', temporalLogger) })` in the worker. */
export function temporalLogger(entry: {
  level: string;
  message: string;
  meta?: Record<string, unknown>;
}): void {
  const level: Level = entry.level === 'ERROR' ? 'error' : entry.level === 'WARN' ? 'warn' : 'info';
  log(level, entry.message, entry.meta ?? {});
}
