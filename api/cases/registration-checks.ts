/**
 * Checks of a registration that need reference data (communes): the rules themselves live in
 * domain/, this only looks the communes up.
 */
import type { Knex } from 'knex';
import type { NirIssue } from '../../domain/nir.ts';
import {
  agrementSchema,
  availabilitySchema,
  contactSchemaFor,
  identitySchema,
  nirIssues,
  SECTIONS,
  type Address,
  type Identity,
  type RegistrationData,
  type RegistrationDraft,
  type Section,
} from '../../domain/registration.ts';
import { declaredPlacesIssues, type DeclaredPlaces, type PlacesAgrement } from '../../domain/agrement.ts';
import { FORM_SECTIONS } from '../../domain/decisions.ts';
import { invalid, parse, Problem, type FieldError } from '../problem.ts';

interface CommuneRow {
  code: string;
  name: string;
  departement: string;
  postal_codes: string[];
  former_codes: string[];
}

async function commune(db: Knex, code: string): Promise<CommuneRow | undefined> {
  return db('communes').where({ code }).first('code', 'name', 'departement', 'postal_codes', 'former_codes');
}

/** Her birth commune must exist; the NIR is compared with her identity, the commune's former codes included. */
export async function nirFindings(db: Knex, identity: Identity): Promise<NirIssue[]> {
  let communeCodes: string[] = [];
  if (identity.birthPlace.kind === 'france') {
    const row = await commune(db, identity.birthPlace.communeCode);
    if (!row) {
      throw new Problem(422, 'invalid_input', 'Certains champs sont à corriger.', [
        { path: 'birthPlace.communeCode', message: 'Commune inconnue : choisissez-la dans la liste.' },
      ]);
    }
    communeCodes = [row.code, ...row.former_codes];
  }
  return nirIssues(identity, communeCodes);
}

/** What she should double-check, without being blocked (a commune that changed code since her birth…). */
export async function identityWarnings(db: Knex, identity: Identity): Promise<NirIssue[]> {
  return (await nirFindings(db, identity)).filter((issue) => issue.severity === 'warning');
}

/** The place of work: a known commune, and a postal code that belongs to it. */
export async function checkAddress(db: Knex, address: Address, prefix: string): Promise<void> {
  const row = await commune(db, address.communeCode);
  const errors: FieldError[] = [];
  if (!row)
    errors.push({
      path: `${prefix}.communeCode`,
      message: 'Commune inconnue : choisissez-la dans la liste.',
    });
  else if (!row.postal_codes.includes(address.postalCode)) {
    errors.push({
      path: `${prefix}.postalCode`,
      message: `Ce code postal ne correspond pas à ${row.name} (${row.postal_codes.join(', ')}).`,
    });
  }
  if (errors.length) throw new Problem(422, 'invalid_input', 'Certains champs sont à corriger.', errors);
}

/** Validates one section as she saves it; returns the normalised value to store. */
export async function validateSection(db: Knex, section: Section, input: unknown, draft: RegistrationDraft) {
  switch (section) {
    case 'identity': {
      const value = parse(identitySchema, input);
      await identityWarnings(db, value);
      return value;
    }
    case 'agrement': {
      return parse(agrementSchema, input);
    }
    case 'contact': {
      if (!draft.agrement) {
        throw new Problem(
          409,
          'agrement_first',
          'Renseignez d’abord votre agrément : la publication de l’adresse en dépend.',
        );
      }
      const value = parse(contactSchemaFor(draft.agrement.workplace), input);
      await checkAddress(db, value.address, 'address');
      return value;
    }
    case 'availability': {
      const value = parse(availabilitySchema, input);
      if (draft.agrement) refuseBeyondAgrement(value.places, draft.agrement);
      return value;
    }
  }
}

/**
 * Refuses places beyond what her agrément allows (domain/agrement.ts), wherever she declares them:
 * a 422 whose code is the first rule broken, each message on the places.
 */
export function refuseBeyondAgrement(places: DeclaredPlaces, agrement: PlacesAgrement, prefix = ''): void {
  const issues = declaredPlacesIssues(places, agrement);
  const first = issues[0];
  if (!first) return;
  const path = prefix ? `${prefix}.places` : 'places';
  throw new Problem(
    422,
    first.code,
    first.message,
    issues.map((issue) => ({ path, message: issue.message })),
  );
}

/**
 * Before submitting: every section present and valid together (a contact saved before she
 * switched to a MAM must still respect the MAM rule). Errors are prefixed with their section.
 * A 409: what is wrong is the draft as stored, not the request (which has no body).
 */
export function validateComplete(draft: RegistrationDraft): RegistrationData {
  const errors: FieldError[] = SECTIONS.filter((s) => draft[s] === null).map((s) => ({
    path: s,
    message: `Section « ${FORM_SECTIONS[s]} » à compléter.`,
  }));
  if (errors.length) throw new Problem(409, 'incomplete', 'Votre dossier n’est pas complet.', errors);
  const schemas = {
    identity: identitySchema,
    agrement: agrementSchema,
    contact: contactSchemaFor(draft.agrement!.workplace),
    availability: availabilitySchema,
  };
  for (const section of SECTIONS) {
    const result = schemas[section].safeParse(draft[section]);
    if (!result.success) errors.push(...invalid(result.error, section).errors);
  }
  if (errors.length) throw new Problem(409, 'invalid_input', 'Certains champs sont à corriger.', errors);
  // Her places against her agrément as both stand now (she may have lowered its capacity since).
  const { availability, agrement } = draft as RegistrationData;
  for (const issue of declaredPlacesIssues(availability.places, agrement))
    errors.push({ path: 'availability.places', message: issue.message });
  if (errors.length) throw new Problem(409, 'invalid_input', 'Certains champs sont à corriger.', errors);
  return draft as RegistrationData;
}
