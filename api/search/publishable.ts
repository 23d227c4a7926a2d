/**
 * The publication rule of domain/publishable.ts as one SQL predicate, applied by every public read
 * (search, public page, contact request): extend the rule there and here, nowhere else. The
 * agrément's standing (table `agrement_standing`, written with each département's notification) and
 * its expiry date are read against `now()`: a suspension starts and ends on its instants, without
 * waiting for any worker.
 */
import { CASE_STATUSES } from '../../domain/case-status.ts';
import { PUBLISHABLE_CASE_STATUSES } from '../../domain/publishable.ts';

const statuses = PUBLISHABLE_CASE_STATUSES.filter((s) => CASE_STATUSES.includes(s))
  .map((s) => `'${s}'`)
  .join(', ');

/** SQL: true for a registration (the column `column`, e.g. `p.registration_id`) whose profile parents may see. */
export function publishable(column: string): string {
  return `(exists (select 1 from cases pub where pub.registration_id = ${column} and pub.status in (${statuses}))
    and not exists (select 1 from agrement_standing st where st.registration_id = ${column}
      and ((st.withdrawn_from is not null and st.withdrawn_from <= now())
        or (st.suspended_from <= now() and now() < st.suspended_until)))
    and exists (select 1 from registrations pr where pr.id = ${column} and pr.closed_at is null
      and coalesce((pr.agrement ->> 'expiryDate')::date >= (now() at time zone 'UTC')::date, true)))`;
}
