/**
 * The keys that seal personal data (infra/keys.ts), Temporal's payload codec, what an activity's
 * failure may say, and the codec endpoint of the Temporal Web UI (supervisors only, audited).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import { blindIndex, newKeyEnv, openText, readKeyRing, sealText } from '../../infra/keys.ts';
import { EncryptionCodec, isEncrypted } from '../../infra/temporal/codec.ts';
import { withoutValues } from '../../worker/activity-failures.ts';
import { apiClient } from '../support/api-client.ts';
import { createUser } from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';
import { TEST_TOTP_SECRET } from '../support/accounts.ts';
import { TEST_PASSWORD } from '../support/fixtures.ts';
import * as sealedTotp from '../../migrations/0013_sealed_totp_secrets.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

const NIR = '2 85 03 69 383 112 45';
const plain = (text: string) => ({
  metadata: { encoding: new TextEncoder().encode('json/plain') },
  data: new TextEncoder().encode(JSON.stringify(text)),
});

describe('data keys', () => {
  it('seal and open a value, bound to what it is, and keep opening after a rotation', () => {
    const old = newKeyEnv('k1');
    const ring = readKeyRing(old);
    const sealed = sealText(ring, NIR, 'nir');
    expect(sealed).toMatch(/^v1\.k1-\d{8}\./);
    expect(sealed).not.toContain('383');
    expect(openText(ring, sealed, 'nir')).toBe(NIR);
    expect(() => openText(ring, sealed, 'totp')).toThrow(); // moved to another column
    // One bit flipped in the sealed bytes (a replaced base64 letter may be the same letter).
    const [version, keyId, body] = sealed.split('.');
    const bytes = Buffer.from(body!, 'base64');
    bytes[bytes.length - 3]! ^= 0x01;
    const tampered = `${version}.${keyId}.${bytes.toString('base64')}`;
    expect(tampered).not.toBe(sealed);
    expect(() => openText(ring, tampered, 'nir')).toThrow();

    const rotated = readKeyRing({ ...old, DATA_KEYS: `${newKeyEnv('k2').DATA_KEYS},${old.DATA_KEYS}` });
    expect(rotated.current.id).toMatch(/^k2-/);
    expect(openText(rotated, sealed, 'nir')).toBe(NIR);
    expect(sealText(rotated, NIR, 'nir')).toMatch(/^v1\.k2-/);
    expect(() => openText(readKeyRing(newKeyEnv('k3')), sealed, 'nir')).toThrow(/inconnue/);
  });

  it('index the same value the same way, under the index key only', () => {
    const ring = readKeyRing(newKeyEnv());
    expect(blindIndex(ring, NIR)).toBe(blindIndex(ring, NIR));
    expect(blindIndex(ring, NIR)).toMatch(/^[0-9a-f]{64}$/);
    expect(blindIndex(readKeyRing(newKeyEnv()), NIR)).not.toBe(blindIndex(ring, NIR));
  });
});

describe('the payload codec', () => {
  it('encrypts every payload with its key id, and lets an unencrypted one through', async () => {
    const codec = new EncryptionCodec(readKeyRing(newKeyEnv()));
    const [sealed] = await codec.encode([plain(NIR)]);
    expect(isEncrypted(sealed!)).toBe(true);
    expect(new TextDecoder().decode(sealed!.metadata!['encryption-key-id'])).toMatch(/^dev-/);
    expect(Buffer.from(sealed!.data!).includes(Buffer.from('383'))).toBe(false);
    const [opened, old] = await codec.decode([sealed!, plain('avant le codec')]);
    expect(JSON.parse(new TextDecoder().decode(opened!.data!))).toBe(NIR);
    expect(JSON.parse(new TextDecoder().decode(old!.data!))).toBe('avant le codec');
  });
});

describe("an activity's failure", () => {
  it('keeps our own failures and reduces any other error to its class and code', () => {
    const ours = ApplicationFailure.retryable('Dossier 42 sans identité déclarée', 'identity_missing');
    expect(withoutValues(ours)).toBe(ours);
    const driver = Object.assign(
      new Error('insert into users values (camille@example.fr, 2 85 03 69 383 112 45) - duplicate key'),
      { code: '23505' },
    );
    const clean = withoutValues(driver) as ApplicationFailure;
    expect(clean).toBeInstanceOf(ApplicationFailure);
    expect(clean.message).toBe('Error 23505');
    expect(clean.nonRetryable).toBe(false);
    expect(JSON.stringify(clean)).not.toMatch(/camille|383/);
  });
});

describe('the codec endpoint of Temporal Web', () => {
  let stack: FileStack;
  beforeAll(async () => {
    stack = await setUpFile('temporal-codec', { api: true, worker: false });
  });
  afterAll(() => stack?.teardown());

  it('decrypts for a supervisor, and records that she did', async () => {
    const api = apiClient(stack.apiUrl);
    const supervisor = await createUser(stack.db, { role: 'supervisor' });
    const token = await sessionFor(stack.db, supervisor);
    const toWire = (p: ReturnType<typeof plain>) => ({
      metadata: Object.fromEntries(
        Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      ),
      data: Buffer.from(p.data).toString('base64'),
    });
    const encoded = await api.post('/api/temporal-codec/encode', { payloads: [toWire(plain(NIR))] }, token);
    expect(encoded.status).toBe(200);
    expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe(
      'binary/encrypted',
    );
    const decoded = await api.post('/api/temporal-codec/decode', encoded.body, token);
    expect(decoded.status).toBe(200);
    expect(JSON.parse(Buffer.from(decoded.body.payloads[0].data, 'base64').toString())).toBe(NIR);

    const forged = {
      payloads: [{ ...encoded.body.payloads[0], data: Buffer.from('faux').toString('base64') }],
    };
    const refused = await api.post('/api/temporal-codec/decode', forged, token);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('payload_unreadable');

    const audited = await stack
      .db('audit_log')
      .where({ actor_id: supervisor.id, action: 'temporal_payloads_decoded' });
    expect(audited).toHaveLength(1);
    expect(audited[0].detail).toMatchObject({ count: 1 });
  });
});

describe('TOTP secrets at rest', () => {
  let stack: FileStack;
  beforeAll(async () => {
    stack = await setUpFile('sealed-totp', { api: true, worker: false });
  });
  afterAll(() => stack?.teardown());

  it('are sealed by migration 0013 where an older version stored them in clear, and still open a session', async () => {
    const staff = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
    const stored = () => stack.db('users').where({ id: staff.id }).first('totp_secret');
    expect((await stored()).totp_secret).toMatch(/^v1\./); // as the api writes them
    await sealedTotp.down(stack.db);
    expect((await stored()).totp_secret).toBe(TEST_TOTP_SECRET); // a database before 0013
    await sealedTotp.up(stack.db);
    const sealed = (await stored()).totp_secret as string;
    expect(sealed).toMatch(/^v1\.test-/);
    expect(sealed).not.toContain(TEST_TOTP_SECRET);
    await sealedTotp.up(stack.db); // run twice (a restart): sealed once only
    expect((await stored()).totp_secret).toBe(sealed);
    expect(await apiClient(stack.apiUrl).login(staff.email, TEST_PASSWORD)).toMatch(/\w{20,}/);
  });
});
