/**
 * The relay's list: the childminders who let it help them and still work in its communes, with what
 * each needs (a declaration due or overdue, a correction asked by the CAF, an agrément to renew). Ids, names and dates
 * only: never her NIR, her identity data or her documents.
 */
import type { Knex } from 'knex';
import type { CaseStatus } from '../../domain/case-status.ts';
import { relayNeedsOf, type RelayNeed } from '../../domain/relays.ts';
import { csvDocument } from '../csv.ts';
import { coversSql } from './records.ts';

export interface RelayChildminder {
  id: string;
  userId: string;
  name: string;
  communeName: string | null;
  caseStatus: CaseStatus;
  availabilityStatus: string | null;
  nextDeadline: Date | null;
  overdueDeadline: Date | null;
  grantedAt: Date;
  needs: RelayNeed[];
}

const COMMUNE = "r.contact->'address'->>'communeCode'";

/** The consenting childminders of a relay (or one of them), those with `need` when given. */
export async function consentingChildminders(
  db: Knex,
  relayId: string,
  options: { need?: RelayNeed; registrationId?: string } = {},
): Promise<RelayChildminder[]> {
  const query = db('relay_consents as rc')
    .join('registrations as r', 'r.id', 'rc.registration_id')
    .join('users as u', 'u.id', 'r.user_id')
    .leftJoin('cases as c', 'c.registration_id', 'r.id')
    .leftJoin('declaration_status as d', 'd.registration_id', 'r.id')
    .leftJoin('communes as cm', 'cm.code', db.raw(COMMUNE))
    .where('rc.relay_id', relayId)
    .whereNull('rc.withdrawn_at')
    .whereNull('u.deactivated_at')
    .whereRaw(coversSql('rc.relay_id', COMMUNE))
    .orderBy('u.display_name')
    .select(
      'r.id',
      'r.user_id as userId',
      'u.display_name as name',
      'cm.name as communeName',
      db.raw('coalesce(c.status, \'draft\') as "caseStatus"'),
      'd.availability_status as availabilityStatus',
      'd.next_deadline as nextDeadline',
      'd.overdue_deadline as overdueDeadline',
      'rc.granted_at as grantedAt',
      db.raw(`r.agrement->>'expiryDate' as "agrementExpiry"`),
    );
  if (options.registrationId) query.where('r.id', options.registrationId);
  const rows: Array<Omit<RelayChildminder, 'needs'> & { agrementExpiry: string | null }> = await query;
  const now = new Date();
  return rows
    .map(({ agrementExpiry, ...row }) => ({ ...row, needs: relayNeedsOf(now, { ...row, agrementExpiry }) }))
    .filter((row) => !options.need || row.needs.includes(options.need));
}

/** The list as a CSV for a spreadsheet (semicolons, UTF-8 with its mark, as French spreadsheets expect). */
export function relayListCsv(
  rows: RelayChildminder[],
  labels: {
    status: (s: CaseStatus) => string;
    need: (n: RelayNeed) => string;
    availability: (a: string) => string;
  },
): string {
  const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '');
  const header = [
    'Nom',
    'Commune',
    'Dossier',
    'Disponibilités',
    'Prochaine échéance',
    'Échéance manquée',
    'Besoins',
  ];
  return csvDocument(
    header,
    rows.map((row) => [
      row.name,
      row.communeName ?? '',
      labels.status(row.caseStatus),
      row.availabilityStatus ? labels.availability(row.availabilityStatus) : '',
      day(row.nextDeadline),
      day(row.overdueDeadline),
      row.needs.map(labels.need).join(', '),
    ]),
  );
}
