/**
 * Automatic checks shown to the moderator as facts, each computed by the rule that owns it in domain/.
 */
import type { Knex } from 'knex';
import { parisToday } from '../../domain/agrement.ts';
import { agrementFacts, agrementUnderDecision, type CaseFact } from '../../domain/agrement-checks.ts';
import { STAFF_STATUS_EXPLANATIONS, isCaseStatus } from '../../domain/case-status.ts';
import type { RegistrationDraft, Section } from '../../domain/registration.ts';
import { nirFindings } from './registration-checks.ts';

export type Fact = CaseFact;

export interface Duplicate {
  registrationId: string;
  on: 'nir' | 'agrement_number';
  status: string | null;
  officeId: string | null;
}

/** A duplicate as a staff member sees it: a link only to cases of her offices. */
export interface VisibleDuplicate {
  /** Null when the other case belongs to an office she does not work for. */
  registrationId: string | null;
  on: Duplicate['on'];
  status: string | null;
  officeName: string | null;
}

/**
 * Other cases with the same NIR (through the blind index stored beside hers, never the clear value)
 * or the same agrément number.
 */
export async function duplicatesOf(
  db: Knex,
  registrationId: string,
  draft: RegistrationDraft,
): Promise<Duplicate[]> {
  const own = draft.identity
    ? await db('registrations').where({ id: registrationId }).first<{ nir_index: string | null }>('nir_index')
    : undefined;
  const nirIndex = own?.nir_index ?? null;
  const number = draft.agrement?.number ?? null;
  if (!nirIndex && !number) return [];
  const rows = await db('registrations as r')
    .leftJoin('cases as c', 'c.registration_id', 'r.id')
    .whereNot('r.id', registrationId)
    .andWhere((q) => {
      if (nirIndex) q.orWhere('r.nir_index', nirIndex);
      if (number) q.orWhere('r.agrement_number', number);
    })
    .select('r.id', 'r.nir_index', 'r.agrement_number', 'c.status', 'c.office_id')
    .orderBy('r.created_at')
    .limit(20);
  return rows.map((row) => ({
    registrationId: row.id,
    on: nirIndex && row.nir_index === nirIndex ? 'nir' : 'agrement_number',
    status: row.status ?? 'draft',
    officeId: row.office_id ?? null,
  }));
}

/** Duplicates for the case view: each links to its case only when it is in one of `officeIds`. */
export async function visibleDuplicates(
  db: Knex,
  registrationId: string,
  draft: RegistrationDraft,
  officeIds: readonly string[],
): Promise<VisibleDuplicate[]> {
  const duplicates = await duplicatesOf(db, registrationId, draft);
  const names = new Map<string, string>(
    (
      await db('offices')
        .whereIn(
          'id',
          duplicates.flatMap((d) => (d.officeId ? [d.officeId] : [])),
        )
        .select('id', 'name')
    ).map((o: { id: string; name: string }) => [o.id, o.name]),
  );
  return duplicates.map((d) => {
    const visible = d.officeId !== null && officeIds.includes(d.officeId);
    return {
      registrationId: visible ? d.registrationId : null,
      on: d.on,
      status: d.status,
      officeName: d.officeId ? (names.get(d.officeId) ?? null) : null,
    };
  });
}

/**
 * The automatic checks of a case, in a stable order; those of the agrément judge the one a change
 * waiting for the decision proposes, if any (domain/agrement-checks.ts).
 */
export async function factsOf(
  db: Knex,
  registrationId: string,
  draft: RegistrationDraft,
  pendingChange: { section: Section; value: unknown } | null,
): Promise<Fact[]> {
  const facts: Fact[] = [];
  if (draft.identity) {
    const issues = await nirFindings(db, draft.identity);
    const errors = issues.filter((i) => i.severity === 'error');
    facts.push({
      code: 'nir_consistency',
      label: errors.length
        ? 'NIR incohérent avec l’identité déclarée'
        : 'NIR cohérent avec l’identité déclarée',
      level: errors.length ? 'problem' : issues.length ? 'warning' : 'ok',
      detail: issues.length
        ? issues.map((i) => i.message).join(' ')
        : 'Clé, sexe, année, mois et lieu de naissance concordent.',
    });
  }
  const agrement = agrementUnderDecision(draft.agrement, pendingChange);
  if (agrement) facts.push(...agrementFacts(agrement, parisToday()));
  const duplicates = await duplicatesOf(db, registrationId, draft);
  facts.push({
    code: 'duplicates',
    label: duplicates.length
      ? 'Autre dossier avec le même NIR ou le même numéro d’agrément'
      : 'Pas d’autre dossier avec le même NIR ou le même numéro d’agrément',
    level: duplicates.length ? 'problem' : 'ok',
    detail: duplicates.length
      ? `${duplicates.length} autre(s) dossier(s) : ${duplicates.map((d) => `${d.on === 'nir' ? 'même NIR' : 'même agrément'} (${d.status && isCaseStatus(d.status) ? STAFF_STATUS_EXPLANATIONS[d.status].label.toLowerCase() : 'statut inconnu'})`).join(', ')}.`
      : 'Aucun doublon trouvé.',
  });
  return facts;
}
