/**
 * Walks the audit log's hash chain (migration 0018) and says where it first breaks: a row missing
 * (deleted), a row whose fields no longer give its hash (edited), a row that follows another than
 * the one before it (reordered), or rows gone from the end (the chain's head says more were written).
 * The hash is recomputed here, in Node, from the row's canonical text, not trusted from the database.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

export type ChainBreak = 'deleted' | 'edited' | 'reordered';

export type ChainReport =
  | { ok: true; rows: number; head: string }
  | { ok: false; rows: number; seq: number; reason: ChainBreak; explanation: string };

const GENESIS = Buffer.alloc(32);
const PAGE = 1_000;

interface ChainRow {
  seq: string;
  prev_hash: Buffer;
  hash: Buffer;
  canonical: string;
}

const hashOf = (previous: Buffer, canonical: string) =>
  createHash('sha256').update(previous).update(canonical, 'utf8').digest();

export async function verifyAuditChain(db: Knex): Promise<ChainReport> {
  let previous: Buffer = GENESIS;
  let expected = 1;
  let rows = 0;
  for (;;) {
    const page: ChainRow[] = (
      await db.raw(
        `select seq, prev_hash, hash, audit_canonical(a) as canonical
           from audit_log a where seq >= ? order by seq limit ?`,
        [expected, PAGE],
      )
    ).rows;
    for (const row of page) {
      const seq = Number(row.seq);
      if (seq !== expected) {
        const missing = seq === expected + 1 ? `${expected}` : `${expected} à ${seq - 1}`;
        return broken(rows, expected, 'deleted', `ligne(s) ${missing} absente(s) : supprimée(s)`);
      }
      if (!row.prev_hash.equals(previous)) {
        const follows = (await db('audit_log').where({ hash: row.prev_hash }).first('seq')) as
          { seq: string } | undefined;
        return follows
          ? broken(
              rows,
              seq,
              'reordered',
              `elle suivait la ligne ${follows.seq}, pas la ${seq - 1} : déplacée`,
            )
          : broken(
              rows,
              seq,
              'edited',
              `elle ne suit plus la ligne ${seq - 1} : celle-ci a été réécrite, ou une ligne supprimée entre elles`,
            );
      }
      if (!hashOf(row.prev_hash, row.canonical).equals(row.hash)) {
        return broken(rows, seq, 'edited', 'ses champs ne donnent plus son empreinte : modifiée');
      }
      previous = row.hash;
      expected = seq + 1;
      rows += 1;
    }
    if (page.length < PAGE) break;
  }
  const head = (await db('audit_chain_head').where({ id: 1 }).first('seq', 'hash')) as
    { seq: string; hash: Buffer } | undefined;
  if (!head) return broken(rows, expected, 'deleted', 'la tête de la chaîne a disparu');
  if (Number(head.seq) >= expected) {
    return broken(rows, expected, 'deleted', `la chaîne allait jusqu'à ${head.seq} : fin supprimée`);
  }
  if (!head.hash.equals(previous)) {
    return broken(
      rows,
      expected - 1,
      'edited',
      'la dernière ligne ne donne plus la tête de la chaîne : modifiée',
    );
  }
  return { ok: true, rows, head: previous.toString('hex') };
}

const broken = (rows: number, seq: number, reason: ChainBreak, explanation: string): ChainReport => ({
  ok: false,
  rows,
  seq,
  reason,
  explanation,
});
