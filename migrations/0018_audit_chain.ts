/**
 * The audit log becomes append-only and hash-chained. Each row gets a `seq` (1, 2, 3… with no gap,
 * in the order rows were written, not the order their ids were drawn), the previous row's hash and
 * its own: SHA-256 of the previous hash followed by `audit_canonical(row)` in UTF-8. A trigger writes
 * all three under a row lock on `audit_chain_head`, held until the writing transaction ends, so two
 * writers at once cannot fork the chain. Another trigger refuses UPDATE, DELETE and TRUNCATE, and
 * those privileges are revoked; only a superuser disabling the trigger could rewrite a row, and
 * `npm run audit:verify` (infra/audit-chain.ts) then finds it. The rows written before are chained
 * here, in the order of their ids.
 */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    alter table audit_log
      add column seq bigint,
      add column prev_hash bytea,
      add column hash bytea;

    -- What the hash covers, as one text: a JSON array of the row's fields, the time as microseconds
    -- since 1970 (independent of the session's time zone), jsonb's own normalised text for detail.
    create function audit_canonical(a audit_log) returns text language sql stable as $$
      select jsonb_build_array(
        a.seq, (extract(epoch from a.at) * 1000000)::bigint, a.actor_id, a.actor_role,
        a.action, a.target_type, a.target_id, a.detail
      )::text
    $$;

    create table audit_chain_head (
      id smallint primary key check (id = 1),
      seq bigint not null,
      hash bytea not null
    );

    update audit_log set seq = numbered.seq
      from (select id, row_number() over (order by id) as seq from audit_log) numbered
      where numbered.id = audit_log.id;

    do $$
    declare
      previous bytea := decode(repeat('00', 32), 'hex');
      last_seq bigint := 0;
      row_id bigint;
    begin
      for row_id in select id from audit_log order by seq loop
        update audit_log
          set prev_hash = previous, hash = sha256(previous || convert_to(audit_canonical(audit_log), 'UTF8'))
          where id = row_id
          returning hash, seq into previous, last_seq;
      end loop;
      insert into audit_chain_head (id, seq, hash) values (1, last_seq, previous);
    end $$;

    alter table audit_log
      alter column seq set not null,
      alter column prev_hash set not null,
      alter column hash set not null,
      add constraint audit_log_seq unique (seq),
      add constraint audit_log_hash unique (hash);
    create index audit_log_actor on audit_log (actor_id, seq);
    create index audit_log_at on audit_log (at);

    -- Whatever the inserter gave, the chain's fields and the time are the database's.
    create function audit_log_chain() returns trigger language plpgsql as $$
    declare
      head audit_chain_head%rowtype;
    begin
      select * into head from audit_chain_head where id = 1 for update;
      new.at := clock_timestamp();
      new.seq := head.seq + 1;
      new.prev_hash := head.hash;
      new.hash := sha256(head.hash || convert_to(audit_canonical(new), 'UTF8'));
      update audit_chain_head set seq = new.seq, hash = new.hash where id = 1;
      return new;
    end $$;
    create trigger audit_log_chain before insert on audit_log
      for each row execute function audit_log_chain();

    create function audit_log_refuse() returns trigger language plpgsql as $$
    begin
      raise exception 'le journal d''audit ne se modifie pas : % refusé', tg_op
        using errcode = 'insufficient_privilege';
    end $$;
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_refuse();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_refuse();

    -- The head moves only from audit_log_chain (a trigger inside a trigger: depth 2).
    create function audit_chain_head_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and pg_trigger_depth() > 1 then
        return new;
      end if;
      raise exception 'la tête de la chaîne d''audit ne se modifie pas : % refusé', tg_op
        using errcode = 'insufficient_privilege';
    end $$;
    create trigger audit_chain_head_guard before update or delete on audit_chain_head
      for each row execute function audit_chain_head_guard();
    create trigger audit_chain_head_no_truncate before truncate on audit_chain_head
      for each statement execute function audit_chain_head_guard();

    revoke update, delete, truncate on audit_log from public, current_user;
    revoke delete, truncate on audit_chain_head from public, current_user;
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`
    grant update, delete, truncate on audit_log to current_user;
    drop trigger audit_log_append_only on audit_log;
    drop trigger audit_log_no_truncate on audit_log;
    drop trigger audit_log_chain on audit_log;
    drop table audit_chain_head;
    drop function audit_chain_head_guard(), audit_log_refuse(), audit_log_chain(), audit_canonical(audit_log);
    drop index audit_log_actor, audit_log_at;
    alter table audit_log drop column seq, drop column prev_hash, drop column hash;
  `);
}
