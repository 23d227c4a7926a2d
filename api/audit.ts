/** The audit log: who did what to which record, when and why. Every write that matters goes through here. */
import type { Knex } from 'knex';
import type { Actor } from '../domain/case-rules.ts';

export async function audit(
  db: Knex,
  actor: Pick<Actor, 'userId' | 'role'> | null,
  action: string,
  target: { type: string; id: string },
  detail: Record<string, unknown> = {},
): Promise<void> {
  await db('audit_log').insert({
    actor_id: actor?.userId ?? null,
    actor_role: actor?.role ?? null,
    action,
    target_type: target.type,
    target_id: target.id,
    detail,
  });
}
