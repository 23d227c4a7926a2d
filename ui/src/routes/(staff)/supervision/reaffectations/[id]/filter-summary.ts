/** A bulk reassignment's filter in words, for its report ("CAF : CAF du Rhône ; tenus par personne"). */
import { isCaseStatus, statusLabel } from '#lib/domain.ts';
import { m } from '#lib/i18n/index.ts';

/** Describes a stored queue filter with office names; the default filter when it says nothing. */
export function describeFilter(filter: Record<string, unknown>, officeName: (id: string) => string): string {
  const t = m.supervision.filterSummary;
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  const parts: string[] = [];
  const offices = list(filter.offices);
  if (offices.length) parts.push(t.offices(offices.map(officeName).join(', ')));
  const statuses = list(filter.statuses).filter(isCaseStatus);
  if (statuses.length) parts.push(t.statuses(statuses.map((s) => statusLabel(s, 'staff')).join(', ')));
  if (filter.holder === 'unheld') parts.push(t.unheld);
  if (filter.holder === 'others') parts.push(t.held);
  if (typeof filter.minAgeDays === 'number') parts.push(t.minAge(filter.minAgeDays));
  if (filter.due === 'overdue') parts.push(t.overdue);
  return parts.length ? parts.join(' ; ') : t.everything;
}
