/**
 * SNGI simulator: the identity registry's contract (domain/identity-check.ts) over HTTP, with
 * synthetic people. Matching is tolerant in the ways the real registry is: accents, hyphens and
 * the order of first names give "close", not "mismatch".
 *
 *   POST /v1/identity-checks   SngiRequest → SngiResponse, or 503 during a simulated outage
 *   POST /_control/outage      {"down": true|false}   (tests: the registry goes down, then up)
 *   POST /_control/people      SngiPerson             (tests: add someone)
 *   GET  /health
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CheckedField, FieldMatch, SngiRequest, SngiResponse } from '../domain/identity-check.ts';
import { normalizeNir } from '../domain/nir.ts';
import { placeSearchKey } from '../domain/geography.ts';
import { NAMED_PEOPLE, syntheticCrowd, type SngiPerson } from './sngi-people.ts';

function compareName(declared: string, registered: string): FieldMatch {
  if (declared.trim().toUpperCase() === registered.trim().toUpperCase()) return 'match';
  return placeSearchKey(declared) === placeSearchKey(registered) ? 'close' : 'mismatch';
}

function compareFirstNames(declared: string[], registered: string[]): FieldMatch {
  const strict = (names: string[]) => names.map((n) => n.trim().toLowerCase()).join(' ');
  if (strict(declared) === strict(registered)) return 'match';
  const loose = (names: string[]) =>
    names
      .flatMap((n) => placeSearchKey(n).split(' '))
      .sort()
      .join(' ');
  return loose(declared) === loose(registered) ? 'close' : 'mismatch';
}

function compareDate(declared: string, registered: string): FieldMatch {
  if (declared === registered) return 'match';
  // Unknown parts (00) on either side match anything.
  const parts = (d: string) => d.split('-');
  const [a, b] = [parts(declared), parts(registered)];
  const compatible = a.every((part, i) => part === b[i] || part === '00' || b[i] === '00');
  return compatible ? 'close' : 'mismatch';
}

/** Compares a request with one registered person, field by field. */
export function matchPerson(request: SngiRequest, person: SngiPerson, nirMatches: boolean): SngiResponse {
  const fields: Record<CheckedField, FieldMatch> = {
    nir: nirMatches ? 'match' : 'mismatch',
    birthName: compareName(request.birthName, person.birthName),
    firstNames: compareFirstNames(request.firstNames, person.firstNames),
    sex: request.sex === person.sex ? 'match' : 'mismatch',
    birthDate: compareDate(request.birthDate, person.birthDate),
    birthPlace: request.birthPlaceCode === person.birthPlaceCode ? 'match' : 'mismatch',
  };
  const values = Object.values(fields);
  return { outcome: values.every((v) => v === 'match') ? 'certified' : 'certified_with_differences', fields };
}

const NOT_FOUND: SngiResponse = {
  outcome: 'not_found',
  fields: {
    nir: 'unknown',
    birthName: 'unknown',
    firstNames: 'unknown',
    sex: 'unknown',
    birthDate: 'unknown',
    birthPlace: 'unknown',
  },
};

export class SngiRegistry {
  private readonly byNir = new Map<string, SngiPerson>();
  down = false;
  /** Requests per `Idempotency-Key`, and those answered (tests: a check asked again, answered once). */
  readonly asked = new Map<string, number>();
  readonly answered = new Map<string, number>();

  constructor(people: SngiPerson[]) {
    people.forEach((p) => this.add(p));
  }

  add(person: SngiPerson): void {
    this.byNir.set(normalizeNir(person.nir), person);
  }

  /** By NIR first; without it, by birth name and birth date (one candidate: differences; several: ambiguous). */
  check(request: SngiRequest): SngiResponse {
    const byNir = this.byNir.get(normalizeNir(request.nir));
    if (byNir) return matchPerson(request, byNir, true);
    const candidates = [...this.byNir.values()].filter(
      (p) =>
        compareName(request.birthName, p.birthName) !== 'mismatch' &&
        compareDate(request.birthDate, p.birthDate) !== 'mismatch',
    );
    if (candidates.length === 1) return matchPerson(request, candidates[0]!, false);
    if (candidates.length > 1) return { ...NOT_FOUND, outcome: 'ambiguous' };
    return NOT_FOUND;
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

export interface RunningSngi {
  url: string;
  registry: SngiRegistry;
  stop(): Promise<void>;
}

/** Starts the simulator on `port` (0: any free port). */
export async function startSngiSimulator(port: number, host = '127.0.0.1'): Promise<RunningSngi> {
  const registry = new SngiRegistry([...Object.values(NAMED_PEOPLE), ...syntheticCrowd(500)]);
  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.method === 'GET' && req.url === '/health') return send(200, { ok: true });
      if (req.method === 'POST' && req.url === '/_control/outage') {
        registry.down = Boolean(((await readJson(req)) as { down?: boolean }).down);
        return send(200, { down: registry.down });
      }
      if (req.method === 'POST' && req.url === '/_control/people') {
        registry.add((await readJson(req)) as SngiPerson);
        return send(201, { ok: true });
      }
      if (req.method === 'POST' && req.url === '/v1/identity-checks') {
        const key = String(req.headers['idempotency-key'] ?? '');
        registry.asked.set(key, (registry.asked.get(key) ?? 0) + 1);
        if (registry.down) return send(503, { error: 'registre indisponible' });
        const answer = registry.check((await readJson(req)) as SngiRequest);
        registry.answered.set(key, (registry.answered.get(key) ?? 0) + 1);
        return send(200, answer);
      }
      send(404, { error: 'inconnu' });
    } catch {
      send(400, { error: 'requête invalide' });
    }
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { port: actualPort } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${actualPort}`,
    registry,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
