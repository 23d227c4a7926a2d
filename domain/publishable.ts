/**
 * Which childminders parents may see: one rule, here, that every public answer applies (the search,
 * her public page, a contact request). Her registration was approved and her case is still open (a
 * change being checked keeps the verified values published), and her agrément is in force: not
 * suspended, not withdrawn (domain/agrement-notifications.ts), not past its expiry date; and she has not closed her account. Only
 * a département's notification moves the standing: no declaration, made or missed, enters this rule.
 */
import type { CaseStatus } from './case-status.ts';
import type { AvailabilityStatus } from './availability.ts';
import { agrementState, IN_GOOD_STANDING, type AgrementStanding } from './agrement-notifications.ts';

export const PUBLISHABLE_CASE_STATUSES: readonly CaseStatus[] = ['active', 'change_in_moderation'];

export interface PublicationState {
  caseStatus: CaseStatus;
  /** Her agrément's standing as the départements notified it; in good standing when absent. */
  standing?: AgrementStanding | null;
  /** The last valid day of her verified agrément. */
  expiryDate?: string | null;
  /** She closed her account (RGPD): never published again. */
  closed?: boolean;
}

/** Her public page may be shown and she may be contacted, at `now`. */
export function isPublishable(state: PublicationState, now: Date = new Date()): boolean {
  return (
    !state.closed &&
    PUBLISHABLE_CASE_STATUSES.includes(state.caseStatus) &&
    agrementState(state.standing ?? IN_GOOD_STANDING, state.expiryDate ?? null, now) === 'in_force'
  );
}

/** She is listed in searches: publishable, and not "indisponible" (activity suspended). */
export function isSearchable(
  state: PublicationState & { availability: AvailabilityStatus },
  now: Date = new Date(),
): boolean {
  return isPublishable(state, now) && state.availability !== 'unavailable';
}
