/** A tiny client for the API under test, as the UI server uses it: JSON in, JSON or problem+json out. */
// Tests read answers loosely (`body.items[0].id`): `any` is the honest type for an HTTP body here.
/* eslint-disable @typescript-eslint/no-explicit-any */
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
    /** Signs in and returns the session token. */
    async login(email: string, password: string): Promise<string> {
      const response = await call('POST', '/api/auth/login', { body: { email, password } });
      if (response.status !== 200) throw new Error(`connexion refusée : ${JSON.stringify(response.body)}`);
      return response.body.token;
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
