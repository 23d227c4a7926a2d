/**
 * The keys that seal personal data: AES-256-GCM for what must be read back (Temporal payloads, the
 * NIR and TOTP secrets at rest) and HMAC-SHA-256 for the blind index (finding a NIR without storing
 * it in clear). Keys come from configuration, never from code:
 *
 * - `DATA_KEYS`: `id:base64,id:base64…` — 32-byte keys; the first one seals, all of them open (a
 *   rotation puts the new key first and keeps the old ones until everything is resealed).
 * - `DATA_INDEX_KEY`: `id:base64` — the HMAC key of the blind index (rotating it means recomputing
 *   the index columns, so it has its own variable).
 *
 * The embedded stack generates both once into `.data/keys.env` (stack/dev-keys.ts); production
 * refuses keys whose id starts with `dev` (infra/config.ts). A KMS would sit behind `KeyRing`: it
 * only has to hand out the current key and a key by id.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export interface DataKey {
  id: string;
  key: Buffer;
}

export interface KeyRing {
  /** Seals everything new. */
  current: DataKey;
  /** Opens what any listed key sealed. */
  byId: ReadonlyMap<string, Buffer>;
  index: DataKey;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

function parseKey(entry: string, variable: string): DataKey {
  const separator = entry.indexOf(':');
  const id = entry.slice(0, separator).trim();
  const key = Buffer.from(entry.slice(separator + 1).trim(), 'base64');
  if (separator < 1 || !KEY_ID.test(id))
    throw new Error(
      `${variable} : chaque clé s'écrit « identifiant:base64 » (identifiant en [A-Za-z0-9_-]).`,
    );
  if (key.length !== 32) throw new Error(`${variable} : la clé « ${id} » doit faire 32 octets (base64).`);
  return { id, key };
}

/** Reads the key ring; throws a message naming the variable when one is missing or malformed. */
export function readKeyRing(env: NodeJS.ProcessEnv): KeyRing {
  const keys = env.DATA_KEYS?.trim();
  const index = env.DATA_INDEX_KEY?.trim();
  if (!keys || !index)
    throw new Error(
      'Les variables DATA_KEYS et DATA_INDEX_KEY sont requises (voir README, section Configuration).',
    );
  const ring = keys.split(',').map((entry) => parseKey(entry, 'DATA_KEYS'));
  return {
    current: ring[0]!,
    byId: new Map(ring.map(({ id, key }) => [id, key])),
    index: parseKey(index, 'DATA_INDEX_KEY'),
  };
}

/** A new random key ring, as its two variables (the embedded stack's and the tests'). */
export function newKeyEnv(prefix = 'dev'): { DATA_KEYS: string; DATA_INDEX_KEY: string } {
  const stamp = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  return {
    DATA_KEYS: `${prefix}-${stamp}:${randomBytes(32).toString('base64')}`,
    DATA_INDEX_KEY: `${prefix}-index-${stamp}:${randomBytes(32).toString('base64')}`,
  };
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** AES-256-GCM: iv (12) ‖ tag (16) ‖ ciphertext. `context` is bound to it (authenticated, not stored). */
export function encrypt(key: Buffer, plain: Uint8Array, context = ''): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Throws when the key is wrong or a byte was changed. */
export function decrypt(key: Buffer, sealed: Uint8Array, context = ''): Buffer {
  const bytes = Buffer.from(sealed);
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

export function keyFor(ring: KeyRing, id: string): Buffer {
  const key = ring.byId.get(id);
  if (!key) throw new Error(`Clé de chiffrement inconnue : ${id} (absente de DATA_KEYS)`);
  return key;
}

/**
 * A text sealed for a column: `v1.<key id>.<base64>`. `context` names what it is (e.g.
 * `nir`), so a sealed value cannot be moved to another column and opened there.
 */
export function sealText(ring: KeyRing, plain: string, context: string): string {
  const { id, key } = ring.current;
  return `v1.${id}.${encrypt(key, Buffer.from(plain, 'utf8'), context).toString('base64')}`;
}

export function openText(ring: KeyRing, sealed: string, context: string): string {
  const [version, id, body] = sealed.split('.');
  if (version !== 'v1' || !id || !body) throw new Error('Valeur scellée illisible');
  return decrypt(keyFor(ring, id), Buffer.from(body, 'base64'), context).toString('utf8');
}

/** The blind index of a value: HMAC-SHA-256 under the index key, hex. Equal values, equal index. */
export function blindIndex(ring: KeyRing, value: string): string {
  return createHmac('sha256', ring.index.key).update(value).digest('hex');
}
