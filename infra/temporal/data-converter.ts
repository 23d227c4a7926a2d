/** The data converter every Temporal client and worker of the register uses: see codec.ts. */
import type { DataConverter } from '@temporalio/common';
import type { KeyRing } from '../keys.ts';
import { EncryptionCodec } from './codec.ts';

export const failureConverterPath = new URL('./failure-converter.ts', import.meta.url).pathname;

export function sealedDataConverter(keys: KeyRing): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keys)], failureConverterPath };
}
