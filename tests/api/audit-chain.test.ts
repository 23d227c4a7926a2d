/**
 * The audit log cannot be rewritten unseen, on the real PostgreSQL: UPDATE, DELETE and TRUNCATE are
 * refused; a row edited, deleted or moved by a superuser who disabled the trigger is found by the
 * verification, at its seq; an untouched chain passes; fifty writers at once keep one chain; a line
 * written in a transaction that fails is gone with it; a line is chained at its transaction's commit
 * (an open one makes no other writer wait; a refused one fails the commit). `npm run audit:verify`
 * says the same, with its exit code.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../api/audit.ts';
import { verifyAuditChain, type ChainReport } from '../../infra/audit-chain.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
beforeAll(async () => {
  stack = await setUpFile('audit-chain');
});
afterAll(() => stack?.teardown());

const write = (db: Knex, n: number) =>
  audit(db, null, 'test.written', { type: 'registration', id: `case-${n}` }, { n, note: 'é' });
const rowCount = async (db: Knex) =>
  Number((await db('audit_log').count<[{ count: string }]>('* as count'))[0]!.count);

/** Tampers as a superuser would, in a transaction rolled back after the verification. */
async function verifiedAfter(tamper: (trx: Knex.Transaction) => Promise<unknown>): Promise<ChainReport> {
  let report: ChainReport | undefined;
  await stack.db
    .transaction(async (trx) => {
      await trx.raw('alter table audit_log disable trigger audit_log_append_only');
      await tamper(trx);
      report = await verifyAuditChain(trx);
      throw new Error('rollback');
    })
    .catch((error: Error) => {
      if (error.message !== 'rollback') throw error;
    });
  return report!;
}

const seqOf = async (n: number) =>
  Number(
    (await stack
      .db('audit_log')
      .where({ target_id: `case-${n}` })
      .first('seq'))!.seq,
  );

describe('the audit chain', () => {
  beforeAll(async () => {
    for (let n = 1; n <= 12; n++) await write(stack.db, n);
  });

  it('passes untouched, counting every row, each seq one more than the last', async () => {
    const report = await verifyAuditChain(stack.db);
    expect(report).toMatchObject({ ok: true, rows: await rowCount(stack.db) });
    const seqs = (await stack.db('audit_log').orderBy('seq').pluck('seq')).map(Number);
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));
  });

  it('refuses UPDATE, DELETE and TRUNCATE, and a move of its head', async () => {
    const refused = /ne se modifie pas/;
    await expect(stack.db('audit_log').update({ action: 'x' })).rejects.toThrow(refused);
    await expect(stack.db('audit_log').where({ target_id: 'case-3' }).del()).rejects.toThrow(refused);
    await expect(stack.db.raw('truncate audit_log')).rejects.toThrow(refused);
    await expect(stack.db('audit_chain_head').update({ seq: 1 })).rejects.toThrow(refused);
    await expect(stack.db('audit_chain_head').del()).rejects.toThrow(refused);
    expect(await verifyAuditChain(stack.db)).toMatchObject({ ok: true });
  });

  it('finds a row whose detail was edited, at its seq', async () => {
    const seq = await seqOf(5);
    const report = await verifiedAfter((trx) =>
      trx('audit_log')
        .where({ seq })
        .update({ detail: { n: 5, note: 'autre' } }),
    );
    expect(report).toMatchObject({ ok: false, seq, reason: 'edited' });
  });

  it('finds an edit whose hash was recomputed too: the next row no longer follows it', async () => {
    const seq = await seqOf(6);
    const report = await verifiedAfter(async (trx) => {
      await trx('audit_log').where({ seq }).update({ actor_role: 'moderator' });
      await trx.raw(
        `update audit_log set hash = sha256(prev_hash || convert_to(audit_canonical(audit_log), 'UTF8'))
           where seq = ?`,
        [seq],
      );
    });
    expect(report).toMatchObject({ ok: false, seq: seq + 1, reason: 'edited' });
  });

  it('finds a deleted row, in the middle or at the end', async () => {
    const seq = await seqOf(7);
    expect(await verifiedAfter((trx) => trx('audit_log').where({ seq }).del())).toMatchObject({
      ok: false,
      seq,
      reason: 'deleted',
    });
    const last = Number((await stack.db('audit_chain_head').first('seq'))!.seq);
    expect(await verifiedAfter((trx) => trx('audit_log').where({ seq: last }).del())).toMatchObject({
      ok: false,
      seq: last,
      reason: 'deleted',
    });
  });

  it('finds two rows that swapped places', async () => {
    const [a, b] = [await seqOf(8), await seqOf(10)];
    const report = await verifiedAfter(async (trx) => {
      await trx('audit_log').where({ seq: a }).update({ seq: -1 });
      await trx('audit_log').where({ seq: b }).update({ seq: a });
      await trx('audit_log').where({ seq: -1 }).update({ seq: b });
    });
    expect(report).toMatchObject({ ok: false, seq: a, reason: 'reordered' });
  });

  it('keeps one chain with fifty writers at once, some in transactions that also write', async () => {
    const before = await rowCount(stack.db);
    await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        index % 2
          ? write(stack.db, 100 + index)
          : stack.db.transaction(async (trx) => {
              await trx('offices').where({ id: 'caf-69' }).first();
              await write(trx, 100 + index);
            }),
      ),
    );
    expect(await verifyAuditChain(stack.db)).toMatchObject({ ok: true, rows: before + 50 });
  });

  it('loses the line with the transaction that wrote it, and the chain stays whole', async () => {
    const before = await rowCount(stack.db);
    await expect(
      stack.db.transaction(async (trx) => {
        await write(trx, 999);
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    await write(stack.db, 1000);
    expect(await stack.db('audit_log').where({ target_id: 'case-999' }).first()).toBeUndefined();
    expect(await verifyAuditChain(stack.db)).toMatchObject({ ok: true, rows: before + 1 });
  });

  it('chains a line when its transaction commits: a transaction still open makes no other writer wait', async () => {
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    let written!: () => void;
    const lineWritten = new Promise<void>((resolve) => (written = resolve));
    const open = stack.db.transaction(async (trx) => {
      await write(trx, 2001);
      written();
      await committing;
    });
    await lineWritten;
    // Another writer, while the first transaction holds its line: it would wait on the chain's head
    // (forever here) if the line had taken it; `lock_timeout` turns that wait into an error.
    await stack.db.transaction(async (trx) => {
      await trx.raw(`set local lock_timeout = '5s'`);
      await write(trx, 2002);
    });
    expect(await stack.db('audit_log').where({ target_id: 'case-2001' }).first()).toBeUndefined();
    commit();
    await open;
    // Chained in the order of the commits, and nothing left pending.
    expect(await seqOf(2001)).toBe((await seqOf(2002)) + 1);
    expect(await stack.db('audit_log_pending').count<[{ count: string }]>('* as count')).toEqual([
      { count: '0' },
    ]);
    expect(await verifyAuditChain(stack.db)).toMatchObject({ ok: true });
  });

  it('fails the COMMIT of a transaction whose line is refused, and the change with it', async () => {
    await stack.db.raw(
      `alter table audit_log add constraint refuse_test check (action <> 'test.refused') not valid`,
    );
    try {
      await expect(
        stack.db.transaction(async (trx) => {
          await trx('offices').where({ id: 'caf-69' }).update({ name: 'CAF du Rhône (changée)' });
          await audit(trx, null, 'test.refused', { type: 'office', id: 'caf-69' });
        }),
      ).rejects.toThrow(/refuse_test/);
    } finally {
      await stack.db.raw('alter table audit_log drop constraint refuse_test');
    }
    expect((await stack.db('offices').where({ id: 'caf-69' }).first('name')).name).not.toContain('changée');
    // A pending line cannot be rewritten before its commit either.
    await expect(
      stack.db.transaction(async (trx) => {
        await audit(trx, null, 'test.pending', { type: 'registration', id: 'case-2003' });
        await trx('audit_log_pending').update({ action: 'test.rewritten' });
      }),
    ).rejects.toThrow(/ne se modifie pas/);
  });

  it('gives the database’s time, not the writer’s', async () => {
    await stack.db('audit_log').insert({
      actor_role: 'supervisor',
      action: 'test.backdated',
      target_type: 'registration',
      target_id: 'case-old',
      at: new Date('2001-01-01T00:00:00Z'),
    });
    const row = await stack.db('audit_log').where({ target_id: 'case-old' }).first('at');
    expect(Date.now() - row.at.getTime()).toBeLessThan(3_600_000);
  });
});

describe('npm run audit:verify', () => {
  const script = fileURLToPath(new URL('../../scripts/audit-verify.ts', import.meta.url));
  const run = () =>
    promisify(execFile)(process.execPath, [script], { env: stack.workerEnv }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  it('prints OK with the count, then the seq of a deleted row, with exit code 1', async () => {
    const untouched = await run();
    expect(untouched).toMatchObject({ code: 0 });
    expect(untouched.stdout).toContain(`OK : ${await rowCount(stack.db)} lignes chaînées`);

    const seq = await seqOf(4);
    await stack.db.raw('alter table audit_log disable trigger audit_log_append_only');
    await stack.db('audit_log').where({ seq }).del();
    await stack.db.raw('alter table audit_log enable trigger audit_log_append_only');
    const broken = await run();
    expect(broken).toMatchObject({ code: 1 });
    expect(broken.stdout).toContain(`ROMPU à la ligne ${seq} (deleted)`);
  });
});
