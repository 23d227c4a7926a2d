/**
 * The NIR at rest. It is sealed in place inside the identity JSON (`identity.nir` =
 * `v1.<key id>.<base64>`, AES-256-GCM under DATA_KEYS, bound to the registration's id), in
 * `registrations` and in the identity changes of `profile_changes`; `registrations.nir_index` holds
 * its blind index (`<index key id>:<HMAC hex>`), the only way to find a NIR (duplicates). Only the
 * processes holding the keys read or write it: the api and the worker.
 */
import type { Knex } from 'knex';
import { normalizeNir } from '../domain/nir.ts';
import { blindIndex, openText, sealText, type KeyRing } from './keys.ts';

/** What a sealed NIR is bound to: the registration it belongs to (copied as is when a change is applied). */
function context(registrationId: string): string {
  return `registrations.identity.nir:${registrationId}`;
}

const SEALED_PREFIX = 'v1.';

/** Anything shaped like an identity: the NIR is its only sealed field. */
interface WithNir {
  nir: string;
}

/** The identity as it is written to PostgreSQL: the NIR sealed, the rest unchanged. */
export function sealIdentity<T extends WithNir>(keys: KeyRing, identity: T, registrationId: string): T {
  const nir = identity.nir.startsWith(SEALED_PREFIX)
    ? openText(keys, identity.nir, context(registrationId))
    : identity.nir;
  return { ...identity, nir: sealText(keys, nir, context(registrationId)) };
}

/** The identity as read back: the NIR opened. A value still in clear (an old row) passes unchanged. */
export function openIdentity<T extends WithNir>(keys: KeyRing, identity: T, registrationId: string): T;
export function openIdentity<T extends WithNir>(
  keys: KeyRing,
  identity: T | null,
  registrationId: string,
): T | null;
export function openIdentity<T extends WithNir>(
  keys: KeyRing,
  identity: T | null,
  registrationId: string,
): T | null {
  if (!identity || typeof identity.nir !== 'string' || !identity.nir.startsWith(SEALED_PREFIX))
    return identity;
  return { ...identity, nir: openText(keys, identity.nir, context(registrationId)) };
}

/** The blind index of a NIR, as stored in `registrations.nir_index`: equal NIRs, equal index. */
export function nirIndex(keys: KeyRing, nir: string): string {
  return `${keys.index.id}:${blindIndex(keys, normalizeNir(nir))}`;
}

/** The columns of `registrations` that carry her identity (for an insert or an update). */
export function identityColumns(
  keys: KeyRing,
  identity: WithNir,
  registrationId: string,
): { identity: string; nir_index: string } {
  const clear = openIdentity(keys, identity, registrationId);
  return {
    identity: JSON.stringify(sealIdentity(keys, clear, registrationId)),
    nir_index: nirIndex(keys, clear.nir),
  };
}

const BATCH = 500;

/**
 * Seals every NIR an older version stored in clear, reseals those sealed under a key that is no
 * longer the first of DATA_KEYS, and recomputes the index made with another DATA_INDEX_KEY.
 * Idempotent; run at start, after the migrations, by the processes that hold the keys. Returns how
 * many rows it changed.
 */
export async function sealExistingNirs(db: Knex, keys: KeyRing): Promise<number> {
  const sealedNow = `${SEALED_PREFIX}${keys.current.id}.`;
  const indexNow = `${keys.index.id}:`;
  let changed = 0;
  for (;;) {
    const rows: Array<{ id: string; identity: WithNir }> = await db('registrations')
      .whereRaw(`identity->>'nir' is not null`)
      .andWhere((q) =>
        q
          .whereRaw(`not starts_with(identity->>'nir', ?)`, [sealedNow])
          .orWhereNull('nir_index')
          .orWhereRaw(`not starts_with(nir_index, ?)`, [indexNow]),
      )
      .select('id', 'identity')
      .limit(BATCH);
    for (const row of rows)
      await db('registrations')
        .where({ id: row.id })
        .update(identityColumns(keys, row.identity, row.id));
    changed += rows.length;
    if (rows.length < BATCH) break;
  }
  for (;;) {
    const rows: Array<{ id: string; registration_id: string; value: WithNir }> = await db('profile_changes')
      .where({ section: 'identity' })
      .whereRaw(`value->>'nir' is not null`)
      .whereRaw(`not starts_with(value->>'nir', ?)`, [sealedNow])
      .select('id', 'registration_id', 'value')
      .limit(BATCH);
    for (const row of rows) {
      const value = sealIdentity(
        keys,
        openIdentity(keys, row.value, row.registration_id),
        row.registration_id,
      );
      await db('profile_changes')
        .where({ id: row.id })
        .update({ value: JSON.stringify(value) });
    }
    changed += rows.length;
    if (rows.length < BATCH) break;
  }
  return changed;
}
