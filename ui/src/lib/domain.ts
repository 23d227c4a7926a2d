/** The domain rules and labels the interface shows, from the one place they are written (domain/). */
export * from '../../../domain/case-status.ts';
export * from '../../../domain/decisions.ts';
export * from '../../../domain/documents.ts';
export * from '../../../domain/availability.ts';
export * from '../../../domain/publication.ts';
export * from '../../../domain/identity-check.ts';
export * from '../../../domain/agrement.ts';
export { DEPARTEMENTS, departementLabel } from '../../../domain/geography.ts';
export * from '../../../domain/queue-filter.ts';
export * from '../../../domain/bulk-reassignment.ts';
export { CHANGE_REASONS, STAFF_CHANGE_REASONS, type ChangeReason } from '../../../domain/profile-changes.ts';
export { OPEN_STATUSES, AGE_CLASS_BOUNDS } from '../../../domain/statistics.ts';
export { TARGET_WORKING_DAYS_RANGE } from '../../../domain/routing.ts';
export { nirExample } from '../../../domain/nir.ts';
export { caseNumber } from '../../../domain/case-reference.ts';
export { RETENTION_RULES } from '../../../domain/retention.ts';
export { SEARCH_RADII, LISTING_LABELS, DAYS } from '../../../domain/search.ts';
export { CONTACT_CHANNELS, CONTACT_STATUSES, DECLINE_REASONS } from '../../../domain/contact-requests.ts';
export {
  AGREMENT_STATE_LABELS,
  MAX_SUSPENSION_MONTHS,
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  NOTIFICATION_REASONS,
  type NotificationKind,
} from '../../../domain/agrement-notifications.ts';
export {
  CSV_COLUMNS,
  CSV_HEADER,
  CSV_KINDS,
  MAX_CSV_LINES,
} from '../../../domain/agrement-notification-csv.ts';
export * from '../../../domain/audit-actions.ts';
