/**
 * A case closed for good, with its reason (domain/case-status.ts `CLOSURE_REASONS`): her agrément
 * withdrawn by the département, or her account closed at her request. Once closed, a case's row
 * never moves again (activities/projection.ts). Cases closed before this migration are closed here
 * the same way. And her agrément's last valid day as a column of its own, so that the pivot CAF's
 * queue and the département's list find the expired ones through an index.
 */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    alter table cases add column closure_reason text
      check (closure_reason in ('agrement_withdrawn', 'account_closed'));
    update cases c set status = 'closed', closure_reason = 'account_closed', status_since = r.closed_at
      from registrations r where r.id = c.registration_id and r.closed_at is not null;
    update cases c set status = 'closed', closure_reason = 'agrement_withdrawn', status_since = s.withdrawn_from
      from agrement_standing s
     where s.registration_id = c.registration_id and s.withdrawn_from <= now() and c.status <> 'closed';
    alter table cases add constraint cases_closure_reason check ((status = 'closed') = (closure_reason is not null));

    -- 'YYYY-MM-DD' as she declared it: text compares as the calendar does.
    alter table registrations add column agrement_expiry text generated always as (agrement ->> 'expiryDate') stored;
    create index registrations_agrement_expiry on registrations (agrement_expiry);
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`
    drop index registrations_agrement_expiry;
    alter table registrations drop column agrement_expiry;
    alter table cases drop constraint cases_closure_reason;
    update cases set status = 'active' where status = 'closed';
    alter table cases drop column closure_reason;
  `);
}
