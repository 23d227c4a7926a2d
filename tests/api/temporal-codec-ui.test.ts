/**
 * The codec server as Temporal Web calls it from the browser: the UI server's /codec/decode, with
 * the session cookie, answering CORS for TEMPORAL_UI_ORIGIN only, and payloads in clear only to a
 * signed-in supervisor.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readKeyRing } from '../../infra/keys.ts';
import { EncryptionCodec } from '../../infra/temporal/codec.ts';
import { startUi, type RunningUi } from '../support/browser.ts';
import { createUser } from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

const TEMPORAL_WEB = 'http://localhost:8233';
let stack: FileStack;
let ui: RunningUi;

beforeAll(async () => {
  stack = await setUpFile('temporal-codec-ui', { api: true, worker: false });
  ui = await startUi({ apiUrl: stack.apiUrl, s3Endpoint: inject('stack').s3.endpoint });
});
afterAll(async () => {
  await ui?.stop();
  await stack?.teardown();
});

async function sealedPayloads() {
  const codec = new EncryptionCodec(readKeyRing(inject('stack').dataKeys));
  const [sealed] = await codec.encode([
    { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"2 85 03 69 383 112 45"') },
  ]);
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return {
    payloads: [
      {
        metadata: Object.fromEntries(Object.entries(sealed!.metadata!).map(([k, v]) => [k, b64(v!)])),
        data: b64(sealed!.data!),
      },
    ],
  };
}

const decode = (body: unknown, headers: Record<string, string>) =>
  fetch(`${ui.url}/codec/decode`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: TEMPORAL_WEB,
      'x-namespace': 'default',
      ...headers,
    },
    body: JSON.stringify(body),
  });

describe('the codec server of Temporal Web', () => {
  it('answers the preflight of Temporal Web only', async () => {
    const preflight = await fetch(`${ui.url}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: TEMPORAL_WEB },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(TEMPORAL_WEB);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-namespace');
    const elsewhere = await fetch(`${ui.url}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example' },
    });
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('decrypts for a signed-in supervisor, and for nobody else', async () => {
    const body = await sealedPayloads();
    const supervisor = await createUser(stack.db, { role: 'supervisor' });
    const moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
    const cookie = async (user: typeof supervisor) => ({
      cookie: `registre_session=${await sessionFor(stack.db, user)}`,
    });

    const opened = await decode(body, await cookie(supervisor));
    expect(opened.status).toBe(200);
    expect(opened.headers.get('access-control-allow-origin')).toBe(TEMPORAL_WEB);
    const answer = (await opened.json()) as { payloads: Array<{ data: string }> };
    expect(Buffer.from(answer.payloads[0]!.data, 'base64').toString()).toBe('"2 85 03 69 383 112 45"');

    expect((await decode(body, await cookie(moderator))).status).toBe(403);
    expect((await decode(body, {})).status).toBe(401);
  });
});
