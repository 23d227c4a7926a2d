/**
 * The data keys of a local stack (DATA_KEYS, DATA_INDEX_KEY, see infra/keys.ts): generated once
 * into `<dataDir>/keys.env` (readable by this user only) and read back at every start, since the
 * database and Temporal's history hold what they sealed. Deleting the file makes that data
 * unreadable: delete `.data/` with it. Variables already set win (a real key, a shared stack).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newKeyEnv } from '../infra/keys.ts';

export type KeyEnv = { DATA_KEYS: string; DATA_INDEX_KEY: string };

export function localKeys(dataDir: string, env: NodeJS.ProcessEnv, prefix = 'dev'): KeyEnv {
  if (env.DATA_KEYS && env.DATA_INDEX_KEY)
    return { DATA_KEYS: env.DATA_KEYS, DATA_INDEX_KEY: env.DATA_INDEX_KEY };
  const file = path.join(dataDir, 'keys.env');
  if (!existsSync(file)) {
    const keys = newKeyEnv(prefix);
    writeFileSync(file, `DATA_KEYS=${keys.DATA_KEYS}\nDATA_INDEX_KEY=${keys.DATA_INDEX_KEY}\n`, {
      mode: 0o600,
    });
  }
  const read = Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  if (!read.DATA_KEYS || !read.DATA_INDEX_KEY)
    throw new Error(`${file} : DATA_KEYS ou DATA_INDEX_KEY manquant`);
  return { DATA_KEYS: read.DATA_KEYS, DATA_INDEX_KEY: read.DATA_INDEX_KEY };
}
