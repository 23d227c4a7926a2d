/**
 * What every request goes through before authentication: security headers, a method the path
 * serves, and a JSON body that parses. Each refusal is problem+json with a stable code, and none
 * of them logs anything of the body it refused.
 */
import parseBody from 'co-body';
import type { Context, Next } from 'koa';
import helmet from 'koa-helmet';
import type { z } from 'zod';
import { holdsNul, nulProblem, Problem } from './problem.ts';

/** Above this a JSON body is refused with 413 (the largest real one, a section, is a few kB). */
export const JSON_BODY_LIMIT = '256kb';

/** Two years, as HSTS preload lists ask; sent only over https (a plain-http answer cannot set it). */
const HSTS = 'max-age=63072000; includeSubDomains';

/** Helmet's headers for an API that serves JSON and documents, never pages; HSTS over https only. */
export function securityHeaders() {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    strictTransportSecurity: false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  return async (ctx: Context, next: Next) => {
    // `ctx.secure` reads X-Forwarded-Proto (the app trusts its proxy, the UI server or a TLS front).
    if (ctx.secure) ctx.set('Strict-Transport-Security', HSTS);
    await headers(ctx, next);
  };
}

/** A documented operation, as far as dispatching a method goes (api/openapi/operation.ts). */
interface Served {
  method: string;
  path: string;
  params?: Record<string, z.ZodType>;
}

/** Whether a request path is this operation's, its parameters in their documented form. */
function matcher(operation: Served): (path: string) => boolean {
  const names: string[] = [];
  const source = operation.path
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
  const pattern = new RegExp(`^${source}/?$`);
  return (path) => {
    const match = pattern.exec(path);
    if (!match) return false;
    return names.every((name, i) => {
      const schema = operation.params?.[name];
      try {
        return !schema || schema.safeParse(decodeURIComponent(match[i + 1]!)).success;
      } catch {
        return false; // a malformed percent-encoding names nothing
      }
    });
  };
}

/**
 * 405 with `Allow` when the path is an operation's but not for this method (TRACE, DELETE, PATCH…),
 * before authentication so that the answer is the same with or without a session; OPTIONS answers
 * 204 with `Allow`. The methods come from the OpenAPI operations, so `Allow` says what the document
 * says. Other paths go on to the routers (and the 404 of the problem middleware).
 */
export function methodGuard(operations: readonly Served[]) {
  const served = operations.map((operation) => ({
    method: operation.method.toUpperCase(),
    matches: matcher(operation),
  }));
  return async (ctx: Context, next: Next) => {
    const allowed = new Set(served.filter((o) => o.matches(ctx.path)).map((o) => o.method));
    if (allowed.has('GET')) allowed.add('HEAD');
    if (allowed.size === 0 || allowed.has(ctx.method)) return next();
    allowed.add('OPTIONS');
    ctx.set('Allow', [...allowed].join(', '));
    if (ctx.method === 'OPTIONS') {
      ctx.status = 204;
      return;
    }
    throw new Problem(
      405,
      'method_not_allowed',
      `La méthode ${ctx.method} n’est pas acceptée sur cette adresse.`,
    );
  };
}

/**
 * A NUL in the path or the query is refused before it reaches a query (the document says so); in a
 * body, `parse` refuses it in what the schema keeps (unknown fields are dropped, NUL or not).
 */
export async function refuseNul(ctx: Context, next: Next): Promise<void> {
  let path = ctx.path;
  try {
    path = decodeURIComponent(ctx.path);
  } catch {
    // a malformed percent-encoding: the routers answer it
  }
  if (path.includes('\u0000') || holdsNul(ctx.query)) throw nulProblem();
  await next();
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Whether the request carries a body at all (a command without one needs no content type). */
function hasBody(ctx: Context): boolean {
  return ctx.get('transfer-encoding') !== '' || Number(ctx.get('content-length') || 0) > 0;
}

/** A refusal of co-body / raw-body (they set `type` and `status`) as a problem, with no byte of the body. */
function bodyProblem(error: { type?: string; status?: number }): Problem | null {
  switch (error.type) {
    case 'entity.too.large':
      return new Problem(413, 'body_too_large', 'La requête est trop volumineuse.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new Problem(
        415,
        'unsupported_encoding',
        'Encodage non pris en charge : envoyez du JSON en UTF-8.',
      );
    case 'request.aborted':
    case 'request.size.invalid':
      return new Problem(400, 'body_incomplete', 'La requête est arrivée incomplète. Réessayez.');
  }
  // co-body's JSON parser: a SyntaxError (malformed), or its strict mode refusing a bare scalar.
  if (error.status === 400 || error instanceof SyntaxError)
    return new Problem(400, 'malformed_json', 'Le corps de la requête doit être un objet JSON valide.');
  return null;
}

/** JSON bodies only: another content type is a 415, a body that does not parse a 400, too large a 413. */
export function jsonBody() {
  return async (ctx: Context & { request: { body?: unknown } }, next: Next) => {
    if (BODY_METHODS.has(ctx.method)) {
      if (hasBody(ctx) && !ctx.is('application/json', '+json')) {
        throw new Problem(
          415,
          'unsupported_media_type',
          'Type de contenu non pris en charge : envoyez du JSON (application/json).',
        );
      }
      try {
        // Strict: an object or an array; `__proto__` keys are dropped, never merged into a prototype.
        ctx.request.body = await parseBody.json(ctx, {
          limit: JSON_BODY_LIMIT,
          strict: true,
          onProtoPoisoning: 'remove',
        } as parseBody.Options);
      } catch (error) {
        throw bodyProblem(error as { type?: string; status?: number }) ?? error;
      }
    }
    await next();
  };
}
