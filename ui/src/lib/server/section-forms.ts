/**
 * Each section's form to its API payload, and the API's error paths back to the form's field names:
 * one place for her registration (mon-dossier) and her later changes (mon-profil).
 */
import { WEEKDAYS } from '#lib/domain.ts';
import { checked, commune, int, optionalText, text, type FormValues } from './forms.ts';

export type SectionName = 'identity' | 'agrement' | 'contact' | 'availability';

export interface SectionForm {
  payload: unknown;
  /** An API error path to the field that shows it. */
  renamePath: (path: string) => string;
}

const same = (path: string) => path;

function identityForm(values: FormValues): SectionForm {
  const bornIn = text(values, 'birthPlace.kind') === 'abroad' ? 'abroad' : 'france';
  const birthCommune = commune(values, 'birthPlace.communeCode');
  return {
    payload: {
      birthName: text(values, 'birthName'),
      usageName: optionalText(values, 'usageName'),
      firstNames: [0, 1, 2, 3].map((i) => text(values, `firstNames.${i}`)).filter(Boolean),
      sex: text(values, 'sex') || undefined,
      birthDate: {
        year: int(values, 'birthDate.year'),
        month: int(values, 'birthDate.month'),
        day: int(values, 'birthDate.day'),
      },
      birthPlace:
        bornIn === 'france'
          ? { kind: 'france', communeCode: birthCommune.code, communeName: birthCommune.label }
          : { kind: 'abroad', countryName: text(values, 'birthPlace.countryName') },
      nir: text(values, 'nir'),
    },
    // An empty first name list is reported on the first first-name field.
    renamePath: (path) => (path === 'firstNames' ? 'firstNames.0' : path),
  };
}

function agrementForm(values: FormValues): SectionForm {
  return {
    payload: {
      number: text(values, 'number'),
      decisionDate: text(values, 'decisionDate'),
      expiryDate: text(values, 'expiryDate'),
      departement: text(values, 'departement'),
      capacity: int(values, 'capacity'),
      capacityException: checked(values, 'capacityException'),
      workplace: text(values, 'workplace') || undefined,
      mamName: optionalText(values, 'mamName'),
    },
    renamePath: same,
  };
}

function contactForm(values: FormValues): SectionForm {
  const place = commune(values, 'address.communeCode');
  return {
    payload: {
      address: {
        line1: text(values, 'address.line1'),
        line2: optionalText(values, 'address.line2'),
        postalCode: text(values, 'address.postalCode'),
        communeCode: place.code,
        communeName: place.label,
      },
      phone: text(values, 'phone'),
      email: text(values, 'email'),
      publication: {
        showAddress: checked(values, 'publication.showAddress'),
        showPhone: checked(values, 'publication.showPhone'),
        showEmail: checked(values, 'publication.showEmail'),
      },
    },
    renamePath: (path) => (path.startsWith('address.communeName') ? 'address.communeCode' : path),
  };
}

function availabilityForm(values: FormValues): SectionForm {
  const days = Object.keys(WEEKDAYS).filter((day) => values[`slots.${day}.enabled`] === 'on');
  return {
    payload: {
      status: text(values, 'status') || undefined,
      from: text(values, 'from'),
      places: {
        under3: int(values, 'places.under3') ?? 0,
        from3to6: int(values, 'places.from3to6') ?? 0,
        over6: int(values, 'places.over6') ?? 0,
      },
      slots: days.map((day) => ({
        day,
        start: text(values, `slots.${day}.start`),
        end: text(values, `slots.${day}.end`),
      })),
    },
    // The API numbers slots in the order sent; the form names them by day.
    renamePath: (path) => path.replace(/^slots\.(\d+)/, (_, i: string) => `slots.${days[Number(i)]}`),
  };
}

/** The payload of one section's form, and how its errors map back to its fields. */
export function sectionForm(section: SectionName, values: FormValues): SectionForm {
  switch (section) {
    case 'identity':
      return identityForm(values);
    case 'agrement':
      return agrementForm(values);
    case 'contact':
      return contactForm(values);
    case 'availability':
      return availabilityForm(values);
  }
}
