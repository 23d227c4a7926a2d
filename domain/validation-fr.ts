/**
 * Every validation message in French, for people: set once for zod in the whole process (API, UI
 * server), by importing this module; every module that declares a schema imports it. Schemas that
 * say more keep their own message; this one speaks for the others, in plain words, and zod's French
 * locale covers anything left (zod's English defaults never reach a person).
 */
import { z } from 'zod';

const TYPES: Record<string, string> = {
  string: 'Texte attendu.',
  number: 'Nombre attendu.',
  int: 'Nombre entier attendu.',
  bigint: 'Nombre entier attendu.',
  boolean: 'Réponse oui ou non attendue.',
  array: 'Liste attendue.',
  object: 'Informations attendues.',
  date: 'Date attendue.',
};

const FORMATS: Record<string, string> = {
  email: 'Adresse électronique invalide (format attendu : nom@domaine.fr).',
  date: 'Date invalide (format attendu : AAAA-MM-JJ).',
  datetime: 'Date et heure invalides.',
  time: 'Heure invalide (format attendu : HH:MM).',
  uuid: 'Identifiant invalide.',
  url: 'Adresse web invalide.',
  regex: 'Format invalide.',
};

type Issue = Parameters<NonNullable<z.core.$ZodConfig['customError']>>[0];

/** A French sentence for one zod issue; undefined lets zod's French locale speak. */
export function frenchIssueMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null
        ? 'Ce champ est obligatoire.'
        : (TYPES[issue.expected] ?? 'Valeur invalide.');
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? 'Ce champ est obligatoire.'
          : `${issue.minimum} caractères au moins.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Au moins ${issue.minimum} élément(s).`;
      return `Valeur trop petite : ${issue.inclusive === false ? 'plus de' : 'au moins'} ${issue.minimum}.`;
    case 'too_big':
      if (issue.origin === 'string') return `${issue.maximum} caractères au plus.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `${issue.maximum} élément(s) au plus.`;
      return `Valeur trop grande : ${issue.inclusive === false ? 'moins de' : 'au plus'} ${issue.maximum}.`;
    case 'invalid_format':
      return FORMATS[issue.format] ?? 'Format invalide.';
    case 'invalid_value':
      return 'Choisissez une valeur de la liste.';
    case 'unrecognized_keys':
      return `Information non prévue : ${issue.keys.join(', ')}.`;
    case 'invalid_union':
      return 'Valeur invalide.';
    case 'not_multiple_of':
      return `Multiple de ${issue.divisor} attendu.`;
    default:
      return undefined;
  }
}

z.config(z.locales.fr());
z.config({ customError: frenchIssueMessage });

export { z };
