/**
 * For tests that a change and its audit line commit together: the audit log made to refuse the
 * lines of one action (a CHECK constraint, lifted afterwards), and the lines written for a target.
 */
import type { Db } from '../../infra/db.ts';

export function auditRefusal(db: Db) {
  return {
    /** Runs `call` while the audit log refuses lines of `action`; the refusal is lifted afterwards. */
    async withAuditRefusing<T>(action: string, call: () => Promise<T>): Promise<T> {
      if (!/^[a-z_.]+$/.test(action)) throw new Error(action);
      await db.raw(
        `alter table audit_log add constraint refuse_action check (action <> '${action}') not valid`,
      );
      try {
        return await call();
      } finally {
        await db.raw('alter table audit_log drop constraint refuse_action');
      }
    },
    /** The lines of `action` about `targetId` (their `seq`). */
    linesOf: (action: string, targetId: string) =>
      db('audit_log').where({ action, target_id: targetId }).pluck('seq'),
  };
}
