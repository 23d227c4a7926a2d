/**
 * Whether an error means that one of our own services (PostgreSQL, S3, Temporal) is not answering
 * right now, rather than that the request is wrong: such a request gets a 503 with a code, and is
 * worth trying again in a moment.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** PostgreSQL's own codes for a server going away or not accepting connections yet (class 08, 57P0x). */
const POSTGRES_CODES = /^(08\d\d\d|57P0[1-4])$/;

/** gRPC statuses of a Temporal server that is down or overloaded: UNAVAILABLE, DEADLINE_EXCEEDED. */
const GRPC_UNAVAILABLE = new Set([14, 4]);

export function isServiceOutage(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, name, message, cause, errors } = error as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || POSTGRES_CODES.test(code))) return true;
  if (typeof code === 'number' && GRPC_UNAVAILABLE.has(code) && name !== 'ApplicationFailure') return true;
  if (name === 'KnexTimeoutError') return true;
  if (typeof message === 'string' && /Connection terminated|connect ECONNREFUSED/.test(message)) return true;
  if (Array.isArray(errors) && errors.some((inner) => isServiceOutage(inner, depth + 1))) return true;
  return isServiceOutage(cause, depth + 1);
}
