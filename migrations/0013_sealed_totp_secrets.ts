/**
 * TOTP secrets sealed at rest (AES-256-GCM under DATA_KEYS, see infra/keys.ts): each one written in
 * clear before this migration is sealed in place; `down` opens them back. Run by a process that has
 * DATA_KEYS and DATA_INDEX_KEY (the api's environment; the embedded stack sets them before
 * migrating). A database with no secret to seal (a new one, the tests' template) needs no key.
 */
import type { Knex } from 'knex';
import { openText, readKeyRing, sealText } from '../infra/keys.ts';

export const TOTP_CONTEXT = 'users.totp_secret';
const SEALED = 'v1.%';

async function reseal(db: Knex, clear: boolean, change: (value: string) => string): Promise<void> {
  const rows: Array<{ id: string; totp_secret: string }> = await db('users')
    .whereNotNull('totp_secret')
    .andWhere('totp_secret', clear ? 'not like' : 'like', SEALED)
    .select('id', 'totp_secret');
  for (const row of rows)
    await db('users')
      .where({ id: row.id })
      .update({ totp_secret: change(row.totp_secret) });
}

export async function up(db: Knex): Promise<void> {
  const pending = await db('users')
    .whereNotNull('totp_secret')
    .andWhere('totp_secret', 'not like', SEALED)
    .first('id');
  if (!pending) return;
  const keys = readKeyRing(process.env);
  await reseal(db, true, (secret) => sealText(keys, secret, TOTP_CONTEXT));
}

export async function down(db: Knex): Promise<void> {
  const sealed = await db('users').where('totp_secret', 'like', SEALED).first('id');
  if (!sealed) return;
  const keys = readKeyRing(process.env);
  await reseal(db, false, (secret) => openText(keys, secret, TOTP_CONTEXT));
}
