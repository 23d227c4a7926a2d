/**
 * The registration form, section by section, as zod schemas shared by the API (the authority) and
 * the UI (early hints). Each rule is called from here, never rewritten: NIR, capacity, publication.
 */
import { z } from './validation-fr.ts';
import { capacityIssues } from './agrement.ts';
import { AGE_GROUPS, AVAILABILITY_STATUSES, WEEKDAYS } from './availability.ts';
import { findDepartement } from './geography.ts';
import { checkNir, checkNirShape, NIR_SHAPE_CODES, normalizeNir, type NirIssue } from './nir.ts';
import { publicationViolations, type Workplace } from './publication.ts';

const required = 'Ce champ est obligatoire.';
const text = (max: number) =>
  z.string({ error: required }).trim().min(1, required).max(max, `${max} caractères au plus.`);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `${max} caractères au plus.`)
    .nullish()
    .transform((value) => value || null);
const isoDate = z.iso.date({ error: 'Date attendue au format AAAA-MM-JJ.' });

export const communeCodeSchema = z
  .string()
  .regex(/^(\d{5}|2[AB]\d{3})$/, 'Choisissez une commune dans la liste.');

// ——— Identité ———

export const birthPlaceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('france'), communeCode: communeCodeSchema, communeName: text(100) }),
  z.object({
    kind: z.literal('abroad'),
    countryName: text(100),
    // The INSEE country code is optional: the NIR carries it (positions 8–10 after 99).
    countryCode: z
      .string()
      .regex(/^99\d{3}$/, 'Code pays INSEE à 5 chiffres commençant par 99.')
      .nullish()
      .transform((code) => code ?? null),
  }),
]);

export const birthDateSchema = z
  .object({
    year: z.int('Année attendue.').min(1900, 'Année trop ancienne.').max(2100),
    month: z.int().min(1).max(12).nullable(),
    day: z.int().min(1).max(31).nullable(),
  })
  .check((ctx) => {
    const { year, month, day } = ctx.value;
    if (day !== null && month === null) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        path: ['month'],
        message: 'Le jour ne peut être connu sans le mois.',
      });
    }
    if (day !== null && month !== null && new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        path: ['day'],
        message: 'Cette date n’existe pas.',
      });
    }
  });

/** The NIR compared with her declared identity; `birthCommuneCodes` adds the commune's former codes. */
export function nirIssues(
  identity: Pick<Identity, 'nir' | 'sex' | 'birthDate' | 'birthPlace'>,
  birthCommuneCodes: string[] = identity.birthPlace.kind === 'france'
    ? [identity.birthPlace.communeCode]
    : [],
): NirIssue[] {
  return checkNir(identity.nir, {
    sex: identity.sex,
    birthYear: identity.birthDate.year,
    birthMonth: identity.birthDate.month,
    birthPlace:
      identity.birthPlace.kind === 'france'
        ? { kind: 'france', communeCodes: birthCommuneCodes }
        : { kind: 'abroad', countryCode: identity.birthPlace.countryCode },
  });
}

export const identitySchema = z
  .object({
    birthName: text(100),
    usageName: optionalText(100),
    firstNames: z.array(text(60)).min(1, 'Indiquez au moins un prénom.').max(6, 'Six prénoms au plus.'),
    sex: z.enum(['F', 'M'], { error: 'Indiquez votre sexe tel qu’inscrit à l’état civil.' }),
    birthDate: birthDateSchema,
    birthPlace: birthPlaceSchema,
    // Form and key are checked on the field itself, so they show up with the other fields' errors.
    nir: z
      .string({ error: required })
      .transform(normalizeNir)
      .check((ctx) => {
        for (const issue of checkNirShape(ctx.value))
          ctx.issues.push({ code: 'custom', input: ctx.value, message: issue.message });
      }),
  })
  .check((ctx) => {
    const identity = ctx.value;
    const consistency = nirIssues(identity).filter(
      (i) => i.severity === 'error' && !NIR_SHAPE_CODES.includes(i.code),
    );
    for (const issue of consistency) {
      ctx.issues.push({
        code: 'custom',
        input: identity.nir,
        path: ['nir'],
        message: issue.message,
        params: { code: issue.code },
      });
    }
  });
export type Identity = z.output<typeof identitySchema>;

// ——— Agrément ———

export const agrementSchema = z
  .object({
    number: text(40),
    decisionDate: isoDate,
    expiryDate: isoDate,
    departement: z
      .string()
      .refine((code) => Boolean(findDepartement(code)), 'Choisissez un département dans la liste.'),
    capacity: z.int('Nombre entier attendu.'),
    capacityException: z.boolean().default(false),
    workplace: z.enum(['home', 'mam'], { error: 'Indiquez si vous exercez à domicile ou en MAM.' }),
    mamName: optionalText(120),
  })
  .check((ctx) => {
    const agrement = ctx.value;
    if (agrement.expiryDate <= agrement.decisionDate) {
      ctx.issues.push({
        code: 'custom',
        input: agrement.expiryDate,
        path: ['expiryDate'],
        message: 'La date de fin de validité doit suivre la date de décision.',
      });
    }
    for (const issue of capacityIssues({
      simultaneous: agrement.capacity,
      exception: agrement.capacityException,
    })) {
      ctx.issues.push({
        code: 'custom',
        input: agrement.capacity,
        path: ['capacity'],
        message: issue.message,
      });
    }
    if (agrement.workplace === 'mam' && !agrement.mamName) {
      ctx.issues.push({
        code: 'custom',
        input: agrement.mamName,
        path: ['mamName'],
        message: 'Indiquez le nom de la MAM.',
      });
    }
  });
export type Agrement = z.output<typeof agrementSchema>;

// ——— Coordonnées et publication ———

/** French phone numbers, metropolitan or overseas, with or without +33 / +262…: stored as "06 12 34 56 78". */
export function normalizePhone(raw: string): string | null {
  const compact = raw.replace(/[\s.()-]/g, '');
  const national = compact.replace(/^(\+|00)(33|262|269|590|594|596|508|687|689)/, '0');
  if (!/^0[1-9]\d{8}$/.test(national)) return null;
  return national.replace(/(\d{2})(?=\d)/g, '$1 ');
}

/** A French phone number, stored as "06 12 34 56 78". */
export const phoneSchema = z.string({ error: required }).transform((raw, ctx) => {
  const phone = normalizePhone(raw);
  if (phone) return phone;
  ctx.issues.push({
    code: 'custom',
    input: raw,
    message: 'Numéro de téléphone français à 10 chiffres attendu.',
  });
  return z.NEVER;
});

export const addressSchema = z.object({
  line1: text(120),
  line2: optionalText(120),
  postalCode: z
    .string()
    .trim()
    .regex(/^\d{5}$/, 'Code postal à 5 chiffres.'),
  communeCode: communeCodeSchema,
  communeName: text(100),
});
export type Address = z.output<typeof addressSchema>;

export const publicationChoicesSchema = z.object({
  showAddress: z.boolean(),
  showPhone: z.boolean(),
  showEmail: z.boolean(),
});

/** The contact section depends on where she works: a MAM's address is always public. */
export function contactSchemaFor(workplace: Workplace) {
  return z
    .object({
      address: addressSchema,
      phone: phoneSchema,
      email: z.email('Adresse électronique invalide.').trim().toLowerCase(),
      publication: publicationChoicesSchema,
    })
    .check((ctx) => {
      for (const violation of publicationViolations(workplace, ctx.value.publication)) {
        ctx.issues.push({
          code: 'custom',
          input: ctx.value.publication,
          path: ['publication', violation.field],
          message: violation.message,
        });
      }
    });
}
export type Contact = z.output<ReturnType<typeof contactSchemaFor>>;

// ——— Disponibilités ———

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Heure attendue au format HH:MM.');

export const availabilitySchema = z
  .object({
    status: z.enum(Object.keys(AVAILABILITY_STATUSES) as [keyof typeof AVAILABILITY_STATUSES]),
    from: isoDate,
    places: z.object(
      Object.fromEntries(
        Object.keys(AGE_GROUPS).map((group) => [group, z.int('Nombre entier attendu.').min(0).max(6)]),
      ) as Record<keyof typeof AGE_GROUPS, z.ZodInt>,
    ),
    slots: z
      .array(
        z
          .object({ day: z.enum(Object.keys(WEEKDAYS) as [keyof typeof WEEKDAYS]), start: clock, end: clock })
          .refine((slot) => slot.start < slot.end, {
            message: 'L’heure de fin doit suivre l’heure de début.',
            path: ['end'],
          }),
      )
      .max(21),
  })
  .check((ctx) => {
    const { status, places } = ctx.value;
    const total = Object.values(places).reduce((sum, n) => sum + n, 0);
    if (status === 'available' && total === 0) {
      ctx.issues.push({
        code: 'custom',
        input: places,
        path: ['places'],
        message: 'Indiquez au moins une place disponible, ou déclarez-vous « complète ».',
      });
    }
  });
export type AvailabilityDeclaration = z.output<typeof availabilitySchema>;

// ——— The whole registration ———

export const SECTIONS = ['identity', 'agrement', 'contact', 'availability'] as const;
export type Section = (typeof SECTIONS)[number];

export interface RegistrationData {
  identity: Identity;
  agrement: Agrement;
  contact: Contact;
  availability: AvailabilityDeclaration;
}

export type RegistrationDraft = { [S in Section]: RegistrationData[S] | null };

/** The sections still missing before she can submit. */
export function missingSections(draft: RegistrationDraft): Section[] {
  return SECTIONS.filter((section) => draft[section] === null);
}
