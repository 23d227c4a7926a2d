/** A tiny client for the API under test, as the UI server uses it: JSON in, JSON or problem+json out. */
// Tests read answers loosely (`body.items[0].id`): `any` is the honest type for an HTTP body here.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { TEST_TOTP_SECRET, TOTP_PERIOD_MS, totpCode, untilNextCode } from './accounts.ts';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

export function apiClient(baseUrl: string) {
  async function call<T = any>(
    method: string,
    path: string,
    options: { body?: unknown; token?: string } = {},
  ): Promise<ApiResponse<T>> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: options.body !== undefined ? JSON.stringify(options.body) : null,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
  return {
    call,
    get: <T = any>(path: string, token?: string) => call<T>('GET', path, { token }),
    post: <T = any>(path: string, body: unknown, token?: string) => call<T>('POST', path, { body, token }),
    put: <T = any>(path: string, body: unknown, token?: string) => call<T>('PUT', path, { body, token }),
    /* eslint-enable @typescript-eslint/no-explicit-any */
    /** Signs up a childminder (the API answers 202 whatever the address), then signs her in. */
    async signUp(email: string, password: string, displayName = 'Camille Dupont'): Promise<string> {
      const response = await call('POST', '/api/auth/signup', { body: { email, password, displayName } });
      if (response.status !== 202) throw new Error(`inscription refusée : ${JSON.stringify(response.body)}`);
      return this.login(email, password);
    },
    /**
     * Signs in and returns the session token; for staff, answers the second step with the code of
     * `totpSecret` (by default the one fixtures give every staff account).
     */
    async login(email: string, password: string, totpSecret = TEST_TOTP_SECRET): Promise<string> {
      const response = await call('POST', '/api/auth/login', { body: { email, password } });
      if (response.status !== 200) throw new Error(`connexion refusée : ${JSON.stringify(response.body)}`);
      if (!response.body.secondFactor) return response.body.token;
      // A code opens one session only. Signing in again within the same 30 s uses the next code, which
      // the API accepts early (clock drift); once that one is used too, the helper waits for a new period.
      let at = Date.now();
      for (let attempt = 0; attempt < 3; attempt++) {
        const second = await call('POST', '/api/auth/login/second-factor', {
          body: { challenge: response.body.challenge, code: totpCode(totpSecret, at) },
        });
        if (second.status === 200) return second.body.token;
        if (second.body?.code !== 'code_already_used')
          throw new Error(`code refusé : ${JSON.stringify(second.body)}`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, untilNextCode() + 50));
        at = Date.now() + TOTP_PERIOD_MS;
      }
      throw new Error('code refusé : déjà utilisé');
    },
  };
}

/** Uploads bytes with the presigned POST the API handed out, as the browser does. */
export async function postToS3(
  upload: { url: string; fields: Record<string, string> },
  bytes: Uint8Array,
  fileName: string,
  type: string,
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([bytes], { type }), fileName);
  const response = await fetch(upload.url, { method: 'POST', body: form });
  if (!response.ok) throw new Error(`S3 a refusé l’envoi : ${response.status} ${await response.text()}`);
}
