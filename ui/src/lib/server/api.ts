/**
 * The UI server's client of the API (backend-for-frontend): the browser never talks to the API;
 * the session token travels from the HttpOnly cookie to the API as a Bearer token.
 */
import { getRequestEvent } from '$app/server';
import { resolveApiPath } from './api-path.ts';
import { API_URL } from './config.ts';

export { apiPath } from './api-path.ts';

export interface FieldError {
  path: string;
  message: string;
}

/** A problem+json answer from the API: a stable code, a French message, per-field errors. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: FieldError[];

  constructor(status: number, code: string, detail: string, errors: FieldError[] = []) {
    super(detail);
    this.status = status;
    this.code = code;
    this.errors = errors;
  }

  /** Field errors keyed by path, for forms. */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries(this.errors.map((e) => [e.path, e.message]));
  }
}

/**
 * The browser's address, as this server sees it, for the API's sign-in throttling (the API trusts
 * X-Forwarded-For because only this server reaches it). Replaced, never appended: a browser cannot
 * choose it.
 */
function forwardedFor(): Record<string, string> {
  try {
    return { 'x-forwarded-for': getRequestEvent().getClientAddress() };
  } catch {
    return {}; // outside a request (nothing to forward)
  }
}

/** The API's URL for a path, refused unless it is read exactly as written (see api-path.ts). */
function apiUrl(path: string): string {
  const url = resolveApiPath(path, API_URL);
  if (!url) throw new ApiProblem(400, 'invalid_path', 'Adresse invalide.');
  return url;
}

async function call<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const url = apiUrl(path);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...forwardedFor(),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiProblem(
      503,
      'api_unreachable',
      'Le service est momentanément indisponible. Réessayez dans un instant.',
    );
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new ApiProblem(
      response.status,
      data?.code ?? 'error',
      data?.detail ?? 'Erreur inattendue.',
      data?.errors ?? [],
    );
  }
  return data as T;
}

/** An API client acting with the given session token (null: anonymous). */
export function api(token: string | null) {
  return {
    get: <T>(path: string) => call<T>('GET', path, token),
    post: <T>(path: string, body: unknown = {}) => call<T>('POST', path, token, body),
    put: <T>(path: string, body: unknown) => call<T>('PUT', path, token, body),
    /** A raw response (documents), streamed back to the browser as is. */
    raw: (path: string) =>
      fetch(apiUrl(path), {
        headers: { ...forwardedFor(), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      }),
  };
}
