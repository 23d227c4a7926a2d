/**
 * The publication rule of domain/publishable.ts as one SQL predicate, applied by every public read
 * (search, public page, contact request): extend the rule there and here, nowhere else.
 */
import { CASE_STATUSES } from '../../domain/case-status.ts';
import { PUBLISHABLE_CASE_STATUSES } from '../../domain/publishable.ts';

const statuses = PUBLISHABLE_CASE_STATUSES.filter((s) => CASE_STATUSES.includes(s))
  .map((s) => `'${s}'`)
  .join(', ');

/** SQL: true for a registration (the column `column`, e.g. `p.registration_id`) whose profile parents may see. */
export function publishable(column: string): string {
  return `exists (select 1 from cases pub where pub.registration_id = ${column} and pub.status in (${statuses}))`;
}
