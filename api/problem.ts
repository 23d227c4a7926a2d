/**
 * Errors as values people and programs can act on: RFC 9457 problem+json with a stable `code`,
 * a French `detail`, and, for form input, the message of each field in `errors`.
 */
import type { Context, Next } from 'koa';
import { z } from 'zod';
// Imported for its effect: every message zod writes for a person is in French.
import '../domain/validation-fr.ts';
import { log } from '../infra/log.ts';
import { isServiceOutage } from '../infra/outage.ts';

export interface FieldError {
  /** Dotted path of the field, as the form names it: `identity.nir`, `contact.publication.showEmail`. */
  path: string;
  message: string;
}

export class Problem extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: FieldError[];

  constructor(status: number, code: string, detail: string, errors: FieldError[] = []) {
    super(detail);
    this.status = status;
    this.code = code;
    this.errors = errors;
  }
}

export const notFound = () =>
  new Problem(404, 'not_found', 'Cette ressource n’existe pas ou ne vous est pas accessible.');
export const forbidden = () => new Problem(403, 'forbidden', 'Vous n’avez pas accès à cette action.');

/**
 * Parses input with a zod schema, or throws a 422 listing each invalid field; a 400 when what it
 * keeps holds a NUL character (PostgreSQL cannot store one; the API's document forbids it).
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalid(result.error, prefix);
  if (holdsNul(result.data)) throw nulProblem();
  return result.data;
}

/** Whether a value holds a NUL character anywhere, in a key or a string. */
export function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value && typeof value === 'object')
    return Object.entries(value).some(([key, item]) => key.includes('\u0000') || holdsNul(item));
  return false;
}

export const nulProblem = () =>
  new Problem(400, 'nul_character', 'La requête contient un caractère nul (U+0000), qui n’est pas accepté.');

export function invalid(error: z.ZodError, prefix = ''): Problem {
  const errors = error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
  return new Problem(422, 'invalid_input', 'Certains champs sont à corriger.', errors);
}

/** Turns any thrown error into problem+json; unexpected ones are logged (without input) and hidden. */
export async function problemMiddleware(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
    if (ctx.status === 404 && ctx.body === undefined) throw notFound();
  } catch (error) {
    const problem =
      error instanceof Problem
        ? error
        : isServiceOutage(error)
          ? new Problem(
              503,
              'service_unavailable',
              'Le service est momentanément indisponible. Réessayez dans un instant.',
            )
          : new Problem(
              500,
              'internal_error',
              'Une erreur inattendue est survenue. Réessayez dans un instant.',
            );
    if (problem.status === 503) ctx.set('Retry-After', '5');
    if (!(error instanceof Problem)) {
      log(
        problem.status === 503 ? 'warn' : 'error',
        problem.status === 503 ? 'service indisponible' : 'erreur inattendue',
        {
          method: ctx.method,
          path: ctx.path,
          error, // its class and code only (infra/log.ts)
        },
      );
    }
    ctx.status = problem.status;
    ctx.type = 'application/problem+json';
    ctx.body = {
      type: `https://registre-assmat.fr/problemes/${problem.code}`,
      title: problem.code,
      status: problem.status,
      code: problem.code,
      detail: problem.message,
      ...(problem.errors.length ? { errors: problem.errors } : {}),
    };
  }
}
