/**
 * The audit line is chained when its transaction commits, not when it is written. Since 0018 the
 * chain's trigger took the row lock on `audit_chain_head` at the INSERT and kept it until the writer's
 * transaction ended: a line written inside a transaction (a transition with its command's line) held
 * every other writer of the log for the rest of that transaction, the client's round trip to COMMIT
 * included — on a loaded process, milliseconds per line, one line at a time for the whole register.
 *
 * Now `api/audit.ts` writes the line to `audit_log_pending`, without any lock; a constraint trigger
 * deferred to the commit moves it into `audit_log`, where 0018's trigger chains it. The head's lock is
 * then held from the commit's start to its end, inside PostgreSQL. The line still commits or fails with
 * its transaction (a refused line fails the COMMIT), `seq` follows the order of the commits, and a
 * pending row never outlives its transaction (the trigger deletes it).
 */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    create table audit_log_pending (
      id bigserial primary key,
      actor_id uuid references users(id),
      actor_role text,
      action text not null,
      target_type text not null,
      target_id text not null,
      detail jsonb not null default '{}'
    );

    create function audit_log_pending_flush() returns trigger language plpgsql as $$
    begin
      insert into audit_log (actor_id, actor_role, action, target_type, target_id, detail)
        values (new.actor_id, new.actor_role, new.action, new.target_type, new.target_id, new.detail);
      delete from audit_log_pending where id = new.id;
      return null;
    end $$;
    create constraint trigger audit_log_pending_flush after insert on audit_log_pending
      deferrable initially deferred
      for each row execute function audit_log_pending_flush();

    -- Nothing else changes a pending line: it is written, then moved at the commit.
    create trigger audit_log_pending_append_only before update on audit_log_pending
      for each row execute function audit_log_refuse();
    revoke update, truncate on audit_log_pending from public, current_user;
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`
    drop table audit_log_pending;
    drop function audit_log_pending_flush();
  `);
}
