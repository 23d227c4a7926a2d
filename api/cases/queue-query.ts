/**
 * A queue filter (domain/queue-filter.ts) applied to the case projection, always within the
 * actor's offices: one page in keyset order, the counts, and (for bulk actions) every match.
 * The sort keys are the expressions indexed by migrations/0005_moderation.ts, so that a page
 * costs the same on page 1 and on page 1,000.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../domain/case-rules.ts';
import { CASE_STATUSES, type CaseStatus, type ClosureReason } from '../../domain/case-status.ts';
import { agrementExpiredOf, expiredAgrements } from '../departements/standing.ts';
import { filterStatuses, type QueueFilter, type QueueSort } from '../../domain/queue-filter.ts';
import { Problem } from '../problem.ts';

const DAY_MS = 86_400_000;

/** The indexed sort expressions: a case without a date sorts last, and keyset comparisons stay total. */
const SORT_KEYS = {
  submitted: `coalesce(c.submitted_at, 'infinity'::timestamptz)`,
  due: `coalesce(c.due_at, 'infinity'::timestamptz)`,
} as const;

function sortOf(sort: QueueSort): { key: string; descending: boolean } {
  const descending = sort.startsWith('-');
  return { key: SORT_KEYS[sort.replace('-', '') as keyof typeof SORT_KEYS], descending };
}

/** The offices a filter may look at: those asked for, among the actor's own. */
export function queueOffices(filter: QueueFilter, actor: Actor): string[] {
  return filter.offices?.length
    ? actor.officeIds.filter((id) => filter.offices!.includes(id))
    : actor.officeIds;
}

/**
 * Narrows a query on `cases as c` to the filter, within the actor's offices. Everything but the
 * statuses, so that counts per status can share it.
 */
function applyScope(query: Knex.QueryBuilder, filter: QueueFilter, actor: Actor, now: Date) {
  query.whereIn('c.office_id', queueOffices(filter, actor));
  if (filter.departements?.length) query.whereIn('c.departement', filter.departements);
  if (filter.minAgeDays !== undefined)
    query.where('c.submitted_at', '<=', new Date(now.getTime() - filter.minAgeDays * DAY_MS));
  if (filter.maxAgeDays !== undefined)
    query.where('c.submitted_at', '>', new Date(now.getTime() - (filter.maxAgeDays + 1) * DAY_MS));
  if (filter.due === 'overdue') query.where('c.due_at', '<', now);
  if (filter.due === 'soon')
    query
      .where('c.due_at', '>=', now)
      .andWhere('c.due_at', '<', new Date(now.getTime() + filter.dueWithinDays * DAY_MS));
  if (filter.holder === 'mine') query.where('c.holder_id', actor.userId);
  else if (filter.holder === 'unheld') query.whereNull('c.holder_id');
  else if (filter.holder === 'others')
    query.whereNotNull('c.holder_id').andWhereNot('c.holder_id', actor.userId);
  else if (filter.holder) query.where('c.holder_id', filter.holder);
  if (filter.agrement === 'expired') whereExpired(query, now);
  return query;
}

/** Her agrément expired (api/departements/standing.ts): the few such cases, then the queue's order. */
function whereExpired(query: Knex.QueryBuilder, now: Date) {
  return query.whereIn('c.registration_id', expiredAgrements(now));
}

/** Narrows a query on `cases as c` to every case the filter selects, within the actor's offices. */
export function applyQueueFilter(
  query: Knex.QueryBuilder,
  filter: QueueFilter,
  actor: Actor,
  now: Date = new Date(),
): Knex.QueryBuilder {
  return applyScope(query, filter, actor, now).whereIn('c.status', filterStatuses(filter));
}

/** Orders a filtered query by the filter's sort, the case id breaking ties. */
export function orderQueue(query: Knex.QueryBuilder, sort: QueueSort): Knex.QueryBuilder {
  const { key, descending } = sortOf(sort);
  const direction = descending ? 'desc' : 'asc';
  return query.orderByRaw(`${key} ${direction}, c.registration_id ${direction}`);
}

/** An opaque cursor: the last row's sort key and id. */
export function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(`${sortKey}|${id}`).toString('base64url');
}

const invalidCursor = () =>
  new Problem(
    422,
    'invalid_cursor',
    'Le lien de pagination n’est plus valable : revenez à la première page.',
    [{ path: 'after', message: 'Curseur de pagination invalide.' }],
  );

/** Rows after a cursor, in the filter's order. */
export function afterCursor(query: Knex.QueryBuilder, sort: QueueSort, cursor: string): Knex.QueryBuilder {
  const [sortKey, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!sortKey || !id || !uuid.test(id) || (sortKey !== 'infinity' && Number.isNaN(Date.parse(sortKey))))
    throw invalidCursor();
  const { key, descending } = sortOf(sort);
  return query.whereRaw(`(${key}, c.registration_id) ${descending ? '<' : '>'} (?::timestamptz, ?::uuid)`, [
    sortKey,
    id,
  ]);
}

export interface QueueItem {
  id: string;
  status: CaseStatus;
  closureReason: ClosureReason | null;
  officeId: string;
  departement: string | null;
  identityOutcome: string | null;
  submittedAt: Date | null;
  statusSince: Date;
  dueAt: Date | null;
  overdue: boolean;
  holderId: string | null;
  holderName: string | null;
  firstName: string | null;
  lastName: string | null;
  /** Commune of her place of work, as she declared it. */
  commune: string | null;
  /** Her agrément's last valid day is past. */
  agrementExpired: boolean;
}

export interface QueuePage {
  items: QueueItem[];
  /** Cursor of the next page, null on the last one. */
  next: string | null;
}

/** One page of the queue, in keyset order. */
export async function queuePage(
  db: Knex,
  filter: QueueFilter,
  actor: Actor,
  page: { limit: number; after?: string | undefined },
  now: Date = new Date(),
): Promise<QueuePage> {
  const { key } = sortOf(filter.sort);
  let query = db('cases as c')
    .join('registrations as r', 'r.id', 'c.registration_id')
    .leftJoin('users as h', 'h.id', 'c.holder_id')
    .select(
      'c.registration_id as id',
      'c.status',
      'c.closure_reason as closureReason',
      'c.office_id as officeId',
      'c.departement',
      'c.identity_outcome as identityOutcome',
      'c.submitted_at as submittedAt',
      'c.status_since as statusSince',
      'c.due_at as dueAt',
      'c.holder_id as holderId',
      'h.display_name as holderName',
      db.raw(`coalesce(r.identity->>'usageName', r.identity->>'birthName') as "lastName"`),
      db.raw(`r.identity->'firstNames'->>0 as "firstName"`),
      // Tells two namesakes apart in a list, with the case number and the date of submission.
      db.raw(`r.contact->'address'->>'communeName' as "commune"`),
      db.raw(`? as "agrementExpired"`, [agrementExpiredOf(db, 'r', now)]),
      db.raw(`${key}::text as "sortKey"`),
    )
    .limit(page.limit + 1);
  query = orderQueue(applyQueueFilter(query, filter, actor, now), filter.sort);
  if (page.after) query = afterCursor(query, filter.sort, page.after);
  const rows: Array<QueueItem & { sortKey: string }> = await query;
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map(({ sortKey: _sortKey, ...item }) => ({
      ...item,
      overdue: item.dueAt !== null && item.dueAt < now,
    })),
    next: rows.length > page.limit && last ? encodeCursor(last.sortKey, last.id) : null,
  };
}

export interface QueueCounts {
  /** Cases matching the whole filter. */
  total: number;
  /** Cases matching the filter but for its statuses, per status. */
  byStatus: Record<CaseStatus, number>;
  /** Of the matching cases, those past their due date. */
  overdue: number;
  /**
   * The cases the same filter would select if it asked for expired agréments (its statuses, or the
   * validated registrations by default): what the « Agrément expiré » choice will show.
   */
  expired: number;
}

/** The counts shown above the queue: two queries, whatever the number of statuses. */
export async function queueCounts(
  db: Knex,
  filter: QueueFilter,
  actor: Actor,
  now: Date = new Date(),
): Promise<QueueCounts> {
  const statuses = filterStatuses(filter);
  const expiredFilter: QueueFilter = { ...filter, agrement: 'expired' };
  const [rows, expired]: [Array<{ status: CaseStatus; count: string; overdue: string }>, { count: string }] =
    await Promise.all([
      applyScope(db('cases as c'), filter, actor, now)
        .groupBy('c.status')
        .select(
          'c.status',
          db.raw('count(*) as count'),
          db.raw('count(*) filter (where c.due_at < ?) as overdue', [now]),
        ),
      // From the few expired agréments (their index), each case by its key, then the filter's scope.
      applyScope(
        db('registrations as xr')
          .join('cases as c', 'c.registration_id', 'xr.id')
          .where(agrementExpiredOf(db, 'xr', now)),
        { ...filter, agrement: undefined },
        actor,
        now,
      )
        .whereIn('c.status', filterStatuses(expiredFilter))
        .first(db.raw('count(*) as count')),
    ]);
  const byStatus = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;
  let total = 0;
  let overdue = 0;
  for (const row of rows) {
    byStatus[row.status] = Number(row.count);
    if (statuses.includes(row.status)) {
      total += Number(row.count);
      overdue += Number(row.overdue);
    }
  }
  return { total, byStatus, overdue, expired: Number(expired.count) };
}
