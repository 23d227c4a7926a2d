/**
 * The batch file a département sends: CSV as French spreadsheets write it (UTF-8, `;` between
 * fields, optional double quotes, dates as JJ/MM/AAAA or AAAA-MM-JJ), one notification a line, under
 * the documented header. Each line becomes the same input as the form's, or a reason it cannot.
 */
import type { NotificationKind } from './agrement-notifications.ts';

/** The header, in this order (README, « Départements »). */
export const CSV_COLUMNS = [
  'reference',
  'type',
  'numero-agrement',
  'nom-naissance',
  'date-naissance',
  'date-effet',
  'date-fin',
  'motif',
  'date-expiration',
  'capacite',
  'lieu-exercice',
] as const;

export const CSV_HEADER = CSV_COLUMNS.join(';');

/** The `type` column's words. */
export const CSV_KINDS: Record<string, NotificationKind> = {
  suspension: 'suspension',
  levee: 'lifting',
  retrait: 'withdrawal',
  modification: 'modification',
  renouvellement: 'renewal',
  'nouvel-agrement': 'new_agrement',
};

/** At most this many lines in one file: a larger batch is split by the sender. */
export const MAX_CSV_LINES = 2000;

export type CsvLine = { line: number; input: Record<string, unknown> } | { line: number; error: string };

/** Splits one line on `;`, honouring double quotes ("" inside quotes is a quote). */
function fields(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"' && current === '') quoted = true;
    else if (c === ';') {
      out.push(current.trim());
      current = '';
    } else current += c;
  }
  out.push(current.trim());
  return out;
}

/** `JJ/MM/AAAA` → `AAAA-MM-JJ`; anything else is left for the schema to judge. */
function isoDay(value: string): string {
  const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  return french ? `${french[3]}-${french[2]!.padStart(2, '0')}-${french[1]!.padStart(2, '0')}` : value;
}

const orNull = (value: string | undefined) => (value ? value : null);

/** The file's lines as notification inputs, or the header's problem (French) for the whole file. */
export function parseNotificationCsv(text: string): { lines: CsvLine[] } | { fileError: string } {
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = fields(rows[0] ?? '').map((h) => h.toLowerCase());
  if (header.join(';') !== CSV_HEADER)
    return { fileError: `La première ligne doit être exactement : ${CSV_HEADER}` };
  const lines: CsvLine[] = [];
  for (let i = 1; i < rows.length; i++) {
    const raw = rows[i]!;
    if (raw.trim() === '') continue;
    if (lines.length >= MAX_CSV_LINES)
      return { fileError: `Le fichier dépasse ${MAX_CSV_LINES} lignes : envoyez-le en plusieurs fois.` };
    const line = i + 1;
    const values = fields(raw);
    if (values.length !== CSV_COLUMNS.length) {
      lines.push({ line, error: `${CSV_COLUMNS.length} colonnes attendues, ${values.length} trouvées.` });
      continue;
    }
    const v = Object.fromEntries(CSV_COLUMNS.map((c, k) => [c, values[k]])) as Record<
      (typeof CSV_COLUMNS)[number],
      string
    >;
    const kind = CSV_KINDS[v.type.toLowerCase()];
    if (!kind) {
      lines.push({ line, error: `Type inconnu : « ${v.type} » (${Object.keys(CSV_KINDS).join(', ')}).` });
      continue;
    }
    const capacity = v.capacite ? Number(v.capacite) : null;
    const workplace = v['lieu-exercice'].toLowerCase();
    lines.push({
      line,
      input: {
        kind,
        reference: v.reference,
        agrementNumber: v['numero-agrement'],
        birthName: v['nom-naissance'],
        birthDate: isoDay(v['date-naissance']),
        effectiveDate: isoDay(v['date-effet']),
        endDate: orNull(v['date-fin'] && isoDay(v['date-fin'])),
        // Reason codes as the form's (`avis_commission`), written with hyphens or underscores.
        reason: v.motif.toLowerCase().replace(/-/g, '_'),
        expiryDate: orNull(v['date-expiration'] && isoDay(v['date-expiration'])),
        capacity,
        workplace: workplace === 'domicile' ? 'home' : workplace === 'mam' ? 'mam' : orNull(workplace),
      },
    });
  }
  return { lines };
}
