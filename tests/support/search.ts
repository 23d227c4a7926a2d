/** Published childminders for tests of what parents see, in real communes, with chosen availability. */
import type { AvailabilityDeclaration, RegistrationData } from '../../domain/registration.ts';
import type { Db } from '../../infra/db.ts';
import { NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import { insertPublishedChildminder } from '../../stack/published-childminder.ts';
import { hashPassword } from '../../api/auth/passwords.ts';
import { registrationFor, TEST_PASSWORD, testKeys, uniqueEmail } from './fixtures.ts';

let hash: Promise<string> | null = null;
let counter = 0;

export interface ChildminderSpec {
  lastName?: string;
  commune?: { code: string; name: string; postalCode: string };
  availability?: Partial<AvailabilityDeclaration>;
  workplace?: 'home' | 'mam';
  publication?: RegistrationData['contact']['publication'];
  phone?: string;
  email?: string;
  street?: string;
  declaredAt?: string;
  overdue?: boolean;
}

export const LYON_3 = { code: '69383', name: 'Lyon 3e Arrondissement', postalCode: '69003' };
export const VILLEURBANNE = { code: '69266', name: 'Villeurbanne', postalCode: '69100' };
export const GIVORS = { code: '69091', name: 'Givors', postalCode: '69700' };
export const MEYZIEU = { code: '69282', name: 'Meyzieu', postalCode: '69330' };
export const LYON_1 = { code: '69381', name: 'Lyon 1er Arrondissement', postalCode: '69001' };

/** A published childminder (direct insert, as activation leaves her); returns her id and her data. */
export async function publishedChildminder(db: Db, spec: ChildminderSpec = {}) {
  hash ??= hashPassword(TEST_PASSWORD);
  counter += 1;
  const base = registrationFor(NAMED_PEOPLE.camille);
  const commune = spec.commune ?? LYON_3;
  const lastName = spec.lastName ?? `TESTEUSE${counter}`;
  const email = uniqueEmail('publiee');
  const data: RegistrationData = {
    ...base,
    identity: { ...base.identity, birthName: lastName, usageName: null, firstNames: ['Camille'] },
    agrement: {
      ...base.agrement,
      workplace: spec.workplace ?? 'home',
      mamName: spec.workplace === 'mam' ? 'MAM Les Lutins' : null,
    },
    contact: {
      address: {
        line1: spec.street ?? `${counter} rue Cachée`,
        line2: null,
        postalCode: commune.postalCode,
        communeCode: commune.code,
        communeName: commune.name,
      },
      phone: spec.phone ?? `06 00 00 ${String(counter).padStart(2, '0').slice(-2)} 99`,
      email: spec.email ?? `pro.${counter}.${Date.now().toString(36)}@exemple.test`,
      publication: spec.publication ?? { showAddress: false, showPhone: true, showEmail: true },
    },
    availability: {
      status: 'available',
      from: '2026-01-05',
      places: { under3: 1, from3to6: 0, over6: 0 },
      slots: ['mon', 'tue', 'thu', 'fri'].map((day) => ({ day: day as 'mon', start: '07:30', end: '18:30' })),
      ...spec.availability,
    },
  };
  const { registrationId: id } = await insertPublishedChildminder(db, testKeys(), {
    email,
    passwordHash: await hash,
    displayName: `Camille ${lastName}`,
    data,
    officeId: 'caf-69',
    ...(spec.declaredAt ? { declaredAt: spec.declaredAt } : {}),
    overdue: spec.overdue ?? false,
  });
  return { id, email, data, name: `Camille ${lastName}` };
}
