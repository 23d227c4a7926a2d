/**
 * What every request meets before authentication: a body that does not parse, is too large, is a
 * bare scalar or is not JSON; a method the path does not serve; and the security headers. Each
 * refusal is problem+json with a code, and nothing of the refused body reaches the logs.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
beforeAll(async () => {
  stack = await setUpFile('api-hardening', { api: true });
});
afterAll(() => stack?.teardown());

/** A raw request, and everything the API process logged while answering it. */
async function send(path: string, init: RequestInit) {
  const logged: string[] = [];
  const capture = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
  const error = vi.spyOn(console, 'error').mockImplementation(capture);
  const info = vi.spyOn(console, 'log').mockImplementation(capture);
  try {
    const response = await fetch(`${stack.apiUrl}${path}`, init);
    const text = await response.text();
    return { response, body: text ? JSON.parse(text) : null, logged: logged.join('\n') };
  } finally {
    error.mockRestore();
    info.mockRestore();
  }
}

/** A request with any method (fetch refuses TRACE). */
function rawRequest(method: string, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = request(`${stack.apiUrl}${path}`, { method, headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const json = { 'content-type': 'application/json' };
const SECRET = 'NIR-2850369383112-Dupont';

describe('bodies that cannot be read', () => {
  it('answers malformed JSON with a 400 problem, before authentication, logging none of it', async () => {
    const { response, body, logged } = await send('/api/registrations', {
      method: 'POST',
      headers: json,
      body: `{"nom": "${SECRET}", oops`,
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({ status: 400, code: 'malformed_json' });
    expect(JSON.stringify(body)).not.toContain(SECRET);
    expect(logged).not.toContain(SECRET);
  });

  it('answers a JSON scalar where an object is expected with a 400 problem', async () => {
    for (const scalar of ['"texte"', '42', 'true', 'null']) {
      const { response, body } = await send('/api/auth/login', {
        method: 'POST',
        headers: json,
        body: scalar,
      });
      expect(response.status, scalar).toBe(400);
      expect(body.code).toBe('malformed_json');
    }
  });

  it('answers a body over the limit with a 413 problem', async () => {
    const { response, body, logged } = await send('/api/auth/login', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'a@b.fr', password: SECRET.repeat(20_000) }),
    });
    expect(response.status).toBe(413);
    expect(body.code).toBe('body_too_large');
    expect(logged).not.toContain(SECRET);
  });

  it('answers another content type with a 415 problem instead of dropping the body', async () => {
    const { response, body } = await send('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ email: 'a@b.fr', password: 'x' }),
    });
    expect(response.status).toBe(415);
    expect(body.code).toBe('unsupported_media_type');
    const form = await send('/api/auth/password-reset', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=a%40b.fr',
    });
    expect(form.response.status).toBe(415);
  });

  it('drops `__proto__` keys instead of refusing or merging them', async () => {
    const { response, body } = await send('/api/auth/password-reset', {
      method: 'POST',
      headers: json,
      body: '{"email": "personne@exemple.test", "__proto__": {"polluted": true}}',
    });
    expect(response.status).toBe(202);
    expect(body).toEqual({ sent: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('methods', () => {
  it('answers an unknown method with a 405 problem and Allow, with or without a session', async () => {
    const path = '/api/registrations/4f9a4c52-35b6-4c4e-9a54-9e35d7e0f1c1';
    for (const method of ['TRACE', 'DELETE', 'PATCH', 'PUT']) {
      for (const headers of [{}, { authorization: 'Bearer pas-un-jeton' }] as Array<Record<string, string>>) {
        const answer = await rawRequest(method, path, headers);
        expect(answer.status, method).toBe(405);
        expect(answer.headers.allow).toBe('GET, HEAD, OPTIONS');
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(answer.body)).toMatchObject({ status: 405, code: 'method_not_allowed' });
      }
    }
  });

  it('lists exactly the documented methods of a path, a parameter in its documented form only', async () => {
    const options = await send('/api/supervision/routing/changes', { method: 'OPTIONS' });
    expect(options.response.status).toBe(204);
    expect(options.response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    const departement = await send('/api/supervision/routing/69', { method: 'DELETE' });
    expect(departement.response.headers.get('allow')).toBe('PUT, OPTIONS');
  });

  it('answers an unknown path with a 404 problem', async () => {
    const { response, body } = await send('/api/nulle-part', { method: 'GET' });
    expect(response.status).toBe(404);
    expect(body.code).toBe('not_found');
  });
});

describe('security headers', () => {
  it('sends helmet’s headers, with a CSP that allows nothing, and HSTS only over https', async () => {
    const plain = await send('/api/health', { method: 'GET' });
    expect(plain.response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(plain.response.headers.get('content-security-policy')).toBe(
      "default-src 'none';frame-ancestors 'none'",
    );
    expect(plain.response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(plain.response.headers.get('strict-transport-security')).toBeNull();
    const secure = await send('/api/health', { method: 'GET', headers: { 'x-forwarded-proto': 'https' } });
    expect(secure.response.headers.get('strict-transport-security')).toBe(
      'max-age=63072000; includeSubDomains',
    );
  });
});
