/**
 * The audit log: who did what to which record, when and why. Every write that matters goes through
 * here. The table is append-only and hash-chained (migration 0018): the database gives each row its
 * time, its `seq` and its hash. The line is written to `audit_log_pending` and chained into `audit_log`
 * when its transaction commits (migration 0025), so writing it takes no lock and makes no other writer
 * wait. Pass the transaction that makes the change as `db`, so that the change and its line commit or
 * fail together (a refused line fails the COMMIT). Read back, a line shows after its commit only.
 */
import type { Knex } from 'knex';
import type { Actor } from '../domain/case-rules.ts';

export async function audit(
  db: Knex | Knex.Transaction,
  actor: Pick<Actor, 'userId' | 'role'> | null,
  action: string,
  target: { type: string; id: string },
  detail: Record<string, unknown> = {},
): Promise<void> {
  await db('audit_log_pending').insert({
    actor_id: actor?.userId ?? null,
    actor_role: actor?.role ?? null,
    action,
    target_type: target.type,
    target_id: target.id,
    detail,
  });
}
