/**
 * The département's list of childminders who have not declared: those of its département whose last
 * deadline passed without a declaration, once the policy delay is over (domain/missed-declarations.ts),
 * her case still open. With the deadlines of her run of misses, her relay (the one she lets help her,
 * else the first covering her commune), and the commission's referral of that run. Her published name,
 * agrément number and commune only: never her NIR, her identity data or her documents.
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import {
  DECLARING_CASE_STATUSES,
  departementCutoff,
  DEFAULT_MISSED_DECLARATION_POLICY,
  MISSED_DECLARATIONS_CSV_HEADER,
  missStage,
  type MissedDeclarationPolicy,
  type MissStage,
} from '../../domain/missed-declarations.ts';
import { csvDocument } from '../csv.ts';
import { coversSql } from '../relays/records.ts';

/** The filters, as the page's form sends them (GET parameters). */
export const missedDeclarationsQuerySchema = z.object({
  /** A commune's name (or part of it), its INSEE code or its postal code. */
  commune: z.string().trim().max(80, { error: '80 caractères au plus.' }).optional(),
  /** At least this many deadlines missed in a row. */
  manquees: z.coerce
    .number({ error: 'Indiquez un nombre.' })
    .int({ error: 'Indiquez un nombre entier.' })
    .min(1, { error: 'Au moins 1.' })
    .max(99, { error: '99 au plus.' })
    .optional(),
  /** Referred to the commission (`oui`) or not yet (`non`). */
  saisine: z.enum(['oui', 'non'], { error: 'Choisissez « oui » ou « non ».' }).optional(),
  page: z.coerce
    .number({ error: 'Indiquez un numéro de page.' })
    .int({ error: 'Indiquez un numéro de page.' })
    .min(1, { error: 'Page 1 au moins.' })
    .max(100_000, { error: 'Page trop lointaine.' })
    .optional(),
});
export type MissedDeclarationsQuery = z.output<typeof missedDeclarationsQuerySchema>;

export const PAGE_SIZE = 50;
/** An export is one département's list: bounded all the same. */
const EXPORT_LIMIT = 50_000;

export interface MissedDeclaration {
  registrationId: string;
  name: string;
  agrementNumber: string | null;
  communeCode: string | null;
  communeName: string | null;
  postalCode: string | null;
  /** The deadlines of her current run of misses, oldest first. */
  missedDeadlines: Date[];
  consecutiveMisses: number;
  stage: MissStage;
  relay: { name: string; phone: string | null; email: string | null } | null;
  referral: { referredOn: string; note: string | null; recordedAt: Date } | null;
}

/** A row as the list's query selects it. */
interface MissedRow {
  registrationId: string;
  name: string;
  agrementNumber: string | null;
  communeCode: string | null;
  communeName: string | null;
  postalCode: string | null;
  missedDeadlines: Array<Date | string>;
  consecutiveMisses: number;
  relayName: string | null;
  relayPhone: string | null;
  relayEmail: string | null;
  referredOn: string | null;
  referralNote: string | null;
  referralRecordedAt: Date;
}

/** SQL: her name as parents read it, her first first name and her usage name, else her birth name. */
export const PUBLISHED_NAME_SQL = `trim(coalesce(r.identity -> 'firstNames' ->> 0, '') || ' ' ||
  coalesce(r.identity ->> 'usageName', r.identity ->> 'birthName', ''))`;

const COMMUNE = "r.contact -> 'address' ->> 'communeCode'";

/** Her département's visible misses: the rows before any filter. */
function visibleMisses(db: Knex, departement: string, now: Date, policy: MissedDeclarationPolicy) {
  return db('declaration_status as d')
    .join('registrations as r', 'r.id', 'd.registration_id')
    .join('cases as c', 'c.registration_id', 'r.id')
    .leftJoin('agrement_standing as st', 'st.registration_id', 'r.id')
    .where('r.agrement_departement', departement)
    .whereNull('r.closed_at')
    .whereIn('c.status', DECLARING_CASE_STATUSES)
    .where((q) => q.whereNull('st.withdrawn_from').orWhere('st.withdrawn_from', '>', now))
    .whereNotNull('d.overdue_deadline')
    .where('d.overdue_deadline', '<=', departementCutoff(now, policy))
    .joinRaw(
      `left join lateral (
        select coalesce(array_agg(x.deadline order by x.deadline), array[d.overdue_deadline]) as deadlines
        from (select dd.deadline from declaration_deadlines dd
          where dd.registration_id = d.registration_id and dd.outcome = 'overdue'
            and dd.deadline > coalesce(d.last_declared_at, '-infinity'::timestamptz)
          order by dd.deadline desc limit greatest(d.consecutive_misses, 1)) x
      ) streak on true`,
    )
    .leftJoin('commission_referrals as cr', (j) =>
      j.on('cr.registration_id', 'd.registration_id').andOn(db.raw('cr.missed_since = streak.deadlines[1]')),
    );
}

function filtered(query: Knex.QueryBuilder, filters: MissedDeclarationsQuery) {
  const place = filters.commune;
  if (place) {
    if (/^(\d{5}|2[ab]\d{3})$/i.test(place))
      query.where((q) =>
        q
          .whereRaw(`${COMMUNE} = ?`, [place.toUpperCase()])
          .orWhereRaw(`r.contact -> 'address' ->> 'postalCode' = ?`, [place]),
      );
    else
      query.whereRaw(`r.contact -> 'address' ->> 'communeName' ilike ?`, [
        `%${place.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      ]);
  }
  if (filters.manquees) query.where('d.consecutive_misses', '>=', filters.manquees);
  if (filters.saisine === 'oui') query.whereNotNull('cr.id');
  if (filters.saisine === 'non') query.whereNull('cr.id');
  return query;
}

export interface MissedDeclarationsCounts {
  total: number;
  firstMiss: number;
  repeated: number;
  referred: number;
}

/** The whole list's figures (before filters). */
export async function missedDeclarationCounts(
  db: Knex,
  departement: string,
  policy: MissedDeclarationPolicy = DEFAULT_MISSED_DECLARATION_POLICY,
  now = new Date(),
): Promise<MissedDeclarationsCounts> {
  const row = await visibleMisses(db, departement, now, policy).first(
    db.raw('count(*)::int as total'),
    db.raw('count(*) filter (where d.consecutive_misses <= 1)::int as "firstMiss"'),
    db.raw('count(*) filter (where d.consecutive_misses > 1)::int as repeated'),
    db.raw('count(cr.id)::int as referred'),
  );
  return { total: row.total, firstMiss: row.firstMiss, repeated: row.repeated, referred: row.referred };
}

/** The filtered list: one page of it (`page`), or all of it for the export (`page: null`). */
export async function missedDeclarations(
  db: Knex,
  departement: string,
  filters: MissedDeclarationsQuery & { registrationId?: string },
  options: { page: number | null; policy?: MissedDeclarationPolicy; now?: Date },
): Promise<{ items: MissedDeclaration[]; matching: number }> {
  const policy = options.policy ?? DEFAULT_MISSED_DECLARATION_POLICY;
  const now = options.now ?? new Date();
  const scoped = () => {
    const query = filtered(visibleMisses(db, departement, now, policy), filters);
    if (filters.registrationId) query.where('r.id', filters.registrationId);
    return query;
  };
  const rows: MissedRow[] = await scoped()
    .joinRaw(
      `left join lateral (
        select rl.name, rl.phone, rl.email from relays rl
        where ${coversSql('rl.id', COMMUNE)}
        order by exists (select 1 from relay_consents k where k.relay_id = rl.id
          and k.registration_id = r.id and k.withdrawn_at is null) desc, rl.name
        limit 1
      ) relay on true`,
    )
    .orderBy([
      { column: 'd.consecutive_misses', order: 'desc' },
      { column: 'd.overdue_deadline', order: 'asc' },
      { column: 'r.id', order: 'asc' },
    ])
    .limit(options.page === null ? EXPORT_LIMIT : PAGE_SIZE)
    .offset(options.page === null ? 0 : (options.page - 1) * PAGE_SIZE)
    .select(
      'r.id as registrationId',
      db.raw(`${PUBLISHED_NAME_SQL} as name`),
      db.raw(`r.agrement ->> 'number' as "agrementNumber"`),
      db.raw(`${COMMUNE} as "communeCode"`),
      db.raw(`r.contact -> 'address' ->> 'communeName' as "communeName"`),
      db.raw(`r.contact -> 'address' ->> 'postalCode' as "postalCode"`),
      'streak.deadlines as missedDeadlines',
      'd.consecutive_misses as consecutiveMisses',
      'relay.name as relayName',
      'relay.phone as relayPhone',
      'relay.email as relayEmail',
      db.raw(`to_char(cr.referred_on, 'YYYY-MM-DD') as "referredOn"`),
      'cr.note as referralNote',
      'cr.created_at as referralRecordedAt',
    );
  const matching =
    options.page === null ? rows.length : (await scoped().first(db.raw('count(*)::int as count'))).count;
  return {
    matching,
    items: rows.map((row) => ({
      registrationId: row.registrationId,
      name: row.name,
      agrementNumber: row.agrementNumber,
      communeCode: row.communeCode,
      communeName: row.communeName,
      postalCode: row.postalCode,
      missedDeadlines: row.missedDeadlines.map((d) => new Date(d)),
      consecutiveMisses: row.consecutiveMisses,
      stage: missStage(row.consecutiveMisses),
      relay: row.relayName ? { name: row.relayName, phone: row.relayPhone, email: row.relayEmail } : null,
      referral: row.referredOn
        ? { referredOn: row.referredOn, note: row.referralNote, recordedAt: row.referralRecordedAt }
        : null,
    })),
  };
}

/** A deadline as its day in Paris (the deadline of « avant le 1er juin » is 1 June), JJ/MM/AAAA. */
const frenchDay = (at: Date) => new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris' }).format(at);

/** The list as a CSV for a spreadsheet (semicolons, UTF-8 with its mark, as French spreadsheets expect). */
export function missedDeclarationsCsv(rows: MissedDeclaration[]): string {
  return csvDocument(
    MISSED_DECLARATIONS_CSV_HEADER,
    rows.map((row) => [
      row.name,
      row.agrementNumber ?? '',
      row.communeName ?? '',
      row.postalCode ?? '',
      row.missedDeadlines.map(frenchDay).join(', '),
      String(row.consecutiveMisses),
      row.relay?.name ?? '',
      [row.relay?.phone, row.relay?.email].filter(Boolean).join(', '),
      row.referral ? row.referral.referredOn.split('-').reverse().join('/') : '',
    ]),
  );
}
