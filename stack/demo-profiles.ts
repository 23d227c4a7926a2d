/**
 * Demo data for parents: published childminders around a few real communes (Lyon, Paris, Bordeaux,
 * Rennes), with varied places, days and freshness, so that a search on `npm start` means something.
 * Each can sign in (`am.<ville>.<n>@demo.registre-assmat.fr`, the demo password) and answer from
 * "Mes demandes"; each has her lifecycle workflow, so that "complète" works. Synthetic people: the
 * names are made up, the NIRs are never checked. Idempotent, like the demo accounts.
 */
import { Client, Connection } from '@temporalio/client';
import { readKeyRing, type KeyRing } from '../infra/keys.ts';
import { sealedDataConverter } from '../infra/temporal/data-converter.ts';
import { hashPassword } from '../api/auth/passwords.ts';
import { parisToday } from '../domain/agrement.ts';
import {
  deadlineInstant,
  nextDeclarationDeadline,
  previousDeclarationDeadline,
  type AvailabilityStatus,
  type TimeSlot,
} from '../domain/availability.ts';
import { DEFAULT_LIFECYCLE_POLICY } from '../domain/policy.ts';
import type { RegistrationData } from '../domain/registration.ts';
import type { Db } from '../infra/db.ts';
import { childminder, childminderWorkflowId, type LifecycleState } from '../workflows/childminder.ts';
import { DEMO_PASSWORD } from './demo-account-list.ts';
import { seedDemoConsents } from './demo-relays.ts';
import { insertPublishedChildminder } from './published-childminder.ts';

/** Communes (INSEE codes) around which the demo childminders live, by city. */
export const DEMO_PLACES: Record<string, string[]> = {
  lyon: ['69383', '69383', '69381', '69387', '69388', '69266', '69266', '69034', '69259', '69029', '69282'],
  paris: ['75111', '75111', '75112', '75120', '75110', '93048', '94080', '75104'],
  bordeaux: ['33063', '33063', '33281', '33318', '33522'],
  rennes: ['35238', '35238', '35051', '35281'],
};

const FIRST = [
  'Camille',
  'Nadia',
  'Sophie',
  'Aïcha',
  'Julie',
  'Marie',
  'Fatou',
  'Élodie',
  'Inès',
  'Laura',
  'Sandrine',
];
const LAST = [
  'MARTIN',
  'BERNARD',
  'PETIT',
  'ROBERT',
  'RICHARD',
  'DURAND',
  'LEROY',
  'MOREAU',
  'SIMON',
  'LAURENT',
  'MICHEL',
];
const WEEKS: TimeSlot[][] = [
  ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day: day as 'mon', start: '07:30', end: '18:30' })),
  ['mon', 'tue', 'thu', 'fri'].map((day) => ({ day: day as 'mon', start: '08:00', end: '17:30' })),
  ['mon', 'tue', 'wed', 'thu'].map((day) => ({ day: day as 'mon', start: '07:00', end: '19:00' })),
  ['wed', 'sat'].map((day) => ({ day: day as 'mon', start: '08:00', end: '18:00' })),
];

/** The n-th demo childminder of a city: deterministic, so that every start yields the same people. */
function demoData(
  n: number,
  commune: { code: string; name: string; postalCode: string },
  city: string,
): RegistrationData {
  const mam = n % 7 === 3;
  const full = n % 5 === 4;
  const week = WEEKS[n % WEEKS.length]!;
  return {
    identity: {
      birthName: LAST[(n * 3) % LAST.length]!,
      usageName: null,
      firstNames: [FIRST[n % FIRST.length]!],
      sex: 'F',
      birthDate: { year: 1975 + (n % 20), month: 1 + (n % 12), day: 1 + (n % 27) },
      birthPlace: { kind: 'france', communeCode: commune.code, communeName: commune.name },
      nir: '2' + '0'.repeat(14),
    },
    agrement: {
      number: `DEMO-${city.toUpperCase()}-${n}`,
      decisionDate: '2023-09-01',
      expiryDate: '2028-08-31',
      departement: commune.code.slice(0, 2),
      // Within her capacity whatever her places below (domain/agrement.ts): up to 4 on even ones.
      capacity: 4 - (n % 2),
      capacityException: false,
      workplace: mam ? 'mam' : 'home',
      mamName: mam ? 'MAM Les Petits Pas' : null,
    },
    contact: {
      address: {
        line1: `${10 + n} rue de la Démo`,
        line2: null,
        postalCode: commune.postalCode,
        communeCode: commune.code,
        communeName: commune.name,
      },
      phone: `06 00 ${String(10 + (n % 90)).padStart(2, '0')} ${String(n % 100).padStart(2, '0')} 00`,
      email: `am.${city}.${n}@demo.registre-assmat.fr`,
      // One in three hides her phone; at home, one in two hides her address.
      publication: { showAddress: mam || n % 2 === 0, showPhone: n % 3 !== 0, showEmail: true },
    },
    availability: {
      status: full ? 'full' : 'available',
      from: `2026-${String(1 + (n % 12)).padStart(2, '0')}-01`,
      places: full
        ? { under3: 0, from3to6: 0, over6: 0 }
        : { under3: n % 3, from3to6: (n + 1) % 2, over6: n % 4 === 0 ? 1 : 0 },
      slots: week,
    },
  };
}

/** Seeds the demo childminders and starts their lifecycle; returns how many, by city. */
export async function seedDemoProfiles(
  db: Db,
  keys: KeyRing,
  temporal: Client,
  taskQueue: string,
): Promise<Record<string, number>> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const seeded: Record<string, number> = {};
  for (const [city, codes] of Object.entries(DEMO_PLACES)) {
    const communes = await db('communes').whereIn('code', codes).select('code', 'name', 'postal_codes');
    const byCode = new Map(
      communes.map((c) => [c.code, { code: c.code, name: c.name, postalCode: c.postal_codes[0] }]),
    );
    const office = await db('routing')
      .where({ departement_code: codes[0]!.slice(0, 2) })
      .first('office_id');
    for (let n = 0; n < codes.length * 3; n++) {
      const commune = byCode.get(codes[n % codes.length]!);
      if (!commune) continue;
      const data = demoData(n, commune, city);
      const overdue = n % 9 === 8;
      const declaredAt = overdue
        ? new Date(Date.parse(lastDeadline()) - 200 * 86_400_000).toISOString()
        : new Date(Date.now() - (n % 9) * 9 * 86_400_000).toISOString();
      const { registrationId, userId } = await insertPublishedChildminder(db, keys, {
        email: data.contact.email,
        passwordHash,
        displayName: `${data.identity.firstNames[0]} ${data.identity.birthName}`,
        data,
        officeId: office.office_id,
        // Freshness varies; one in nine is overdue ("disponibilités non confirmées").
        declaredAt,
        overdue,
      });
      await startLifecycle(temporal, taskQueue, {
        registrationId,
        ownerId: userId,
        officeId: office.office_id,
        availability: data.availability.status,
        declaredAt,
        overdue,
      });
      seeded[city] = (seeded[city] ?? 0) + 1;
    }
  }
  return seeded;
}

/** The legal declaration deadline that passed last (what an overdue demo childminder missed). */
function lastDeadline(): string {
  return deadlineInstant(previousDeclarationDeadline(nextDeclarationDeadline(parisToday())));
}

/** Her lifecycle, as activation hands it over (kept if already running). */
async function startLifecycle(
  temporal: Client,
  taskQueue: string,
  her: {
    registrationId: string;
    ownerId: string;
    officeId: string;
    availability: AvailabilityStatus;
    declaredAt: string;
    overdue: boolean;
  },
) {
  const state: LifecycleState = {
    status: 'active',
    seq: 2,
    officeId: her.officeId,
    holderId: null,
    dueAt: null,
    decision: null,
    identityOutcome: 'certified',
    verifiedOfficeId: her.officeId,
    submittedAt: null,
    registrationSubmittedAt: null,
    pendingChange: null,
    // Her declaration as seeded, so that the lifecycle's first record keeps it.
    availability: her.availability,
    lastDeclaredAt: her.declaredAt,
    overdueDeadline: her.overdue ? lastDeadline() : null,
    consecutiveMisses: her.overdue ? 1 : 0,
  };
  await temporal.workflow.start(childminder, {
    workflowId: childminderWorkflowId(her.registrationId),
    taskQueue,
    workflowIdConflictPolicy: 'USE_EXISTING',
    args: [
      { registrationId: her.registrationId, ownerId: her.ownerId, policy: DEFAULT_LIFECYCLE_POLICY, state },
    ],
  });
}

/** Published demo childminders for parents, with their lifecycle started on the stack's Temporal. */
export async function seedParentsDemo(db: Db, childEnv: NodeJS.ProcessEnv): Promise<Record<string, number>> {
  const keys = readKeyRing(childEnv);
  const connection = await Connection.connect({ address: childEnv.TEMPORAL_ADDRESS! });
  try {
    const temporal = new Client({
      connection,
      namespace: childEnv.TEMPORAL_NAMESPACE || 'default',
      dataConverter: sealedDataConverter(keys),
    });
    const seeded = await seedDemoProfiles(
      db,
      keys,
      temporal,
      childEnv.TEMPORAL_TASK_QUEUE || 'registre-assmat',
    );
    await seedDemoConsents(db);
    return seeded;
  } finally {
    await connection.close();
  }
}
