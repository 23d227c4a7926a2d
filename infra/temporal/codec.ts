/**
 * Temporal's payload codec (the SDK's `PayloadCodec`): every payload the SDK sends (workflow and
 * activity inputs and results, signals, queries, updates, memos, and failures' messages and stacks
 * through `failure-converter.ts`) leaves the process sealed with AES-256-GCM; Temporal's server
 * and its history only ever hold ciphertext. The key id travels in the payload's metadata, so a
 * rotated key still opens what the previous one sealed.
 *
 * A payload without this codec's encoding (histories recorded before it, or written by a client
 * without it) decodes as it is: old cases keep replaying.
 */
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import { decrypt, encrypt, keyFor, type KeyRing } from '../keys.ts';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const CONTEXT = 'temporal-payload';
// The default import: @temporalio/proto is CommonJS, its named exports are not visible to Node's ESM.
const { Payload: PayloadMessage } = proto.temporal.api.common.v1;

const text = (value: string) => new TextEncoder().encode(value);
const read = (value: Uint8Array | null | undefined) => (value ? new TextDecoder().decode(value) : undefined);

export class EncryptionCodec implements PayloadCodec {
  private readonly keys: KeyRing;

  constructor(keys: KeyRing) {
    this.keys = keys;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys.current;
    return payloads.map((payload) => ({
      metadata: { [METADATA_ENCODING_KEY]: text(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: text(id) },
      data: encrypt(key, PayloadMessage.encode(payload).finish(), CONTEXT),
    }));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (read(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
      const id = read(payload.metadata?.[KEY_ID_METADATA]);
      if (!id || !payload.data) throw new Error('Charge Temporal chiffrée sans identifiant de clé');
      const plain = decrypt(keyFor(this.keys, id), payload.data, CONTEXT);
      return PayloadMessage.decode(plain) as Payload;
    });
  }
}

/** True when a payload is sealed by this codec (what a codec-less reader of the history sees). */
export function isEncrypted(payload: Payload): boolean {
  return read(payload.metadata?.[METADATA_ENCODING_KEY]) === ENCRYPTED_ENCODING;
}
