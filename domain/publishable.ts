/**
 * Which childminders parents may see: one rule, here, that every public answer applies (the search,
 * her public page, a contact request). Today: her registration was approved and her case is still
 * open (a change being checked keeps the verified values published). Suspension, withdrawal and
 * expiry of the agrément extend this rule, and only this rule.
 */
import type { CaseStatus } from './case-status.ts';
import type { AvailabilityStatus } from './availability.ts';

export const PUBLISHABLE_CASE_STATUSES: readonly CaseStatus[] = ['active', 'change_in_moderation'];

export interface PublicationState {
  caseStatus: CaseStatus;
}

/** Her public page may be shown and she may be contacted. */
export function isPublishable(state: PublicationState): boolean {
  return PUBLISHABLE_CASE_STATUSES.includes(state.caseStatus);
}

/** She is listed in searches: publishable, and not "indisponible" (activity suspended). */
export function isSearchable(state: PublicationState & { availability: AvailabilityStatus }): boolean {
  return isPublishable(state) && state.availability !== 'unavailable';
}
