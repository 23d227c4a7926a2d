/**
 * The rows of the authorisation matrix (tests/api/authorization-matrix.test.ts): one per documented
 * operation, saying who may call it. Whoever is not listed is refused: 401 without a valid session
 * (no session, a deactivated account's), 403 for a role the operation does not serve, 404 for a
 * record outside one's own (another's registration, another office's case or agent), unless the
 * row says otherwise in `refused`.
 */
import type { Role } from '../../domain/case-rules.ts';
import { uniqueEmail } from './fixtures.ts';

export const CALLERS = [
  'anonymous',
  'deactivated',
  'owner',
  'unconfirmed',
  'otherChildminder',
  'moderatorHere',
  'moderatorElsewhere',
  'supervisorHere',
  'supervisorElsewhere',
  'supervisorNational',
  'relayHere',
  'relayElsewhere',
  'departementAgent',
  'dataProtection',
] as const;
export type Caller = (typeof CALLERS)[number];

/** The role of each caller with a session (the deactivated account was a moderator). */
export const ROLE_OF: Record<Exclude<Caller, 'anonymous'>, Role> = {
  deactivated: 'moderator',
  owner: 'childminder',
  unconfirmed: 'childminder',
  otherChildminder: 'childminder',
  moderatorHere: 'moderator',
  moderatorElsewhere: 'moderator',
  supervisorHere: 'supervisor',
  supervisorElsewhere: 'supervisor',
  supervisorNational: 'supervisor',
  relayHere: 'relay',
  relayElsewhere: 'relay',
  departementAgent: 'departement_agent',
  dataProtection: 'data_protection',
};

/**
 * The records the calls name. "Here" is caf-69 (and caf-13 for the regional supervisor); "elsewhere" caf-75. */
export interface World {
  /** The owner's case, approved and published (caf-69), and its accepted copy. */
  activeCase: string;
  document: string;
  /** The unconfirmed childminder's draft. */
  draft: string;
  /** Staff accounts: invited in caf-69, invited in caf-75, to deactivate in caf-69. */
  inviteeHere: string;
  inviteeElsewhere: string;
  toDeactivate: string;
  /** A finished bulk reassignment towards caf-13. */
  bulkHere: string;
  links: { verification: string; reset: string; invitation: string };
  /** A parent's confirmed request to the owner: its id and the parent's private link. */
  contactRequest: { id: string; token: string; followToken: string };
  /** The relay covering the owner's commune, to which she consents (relayElsewhere's covers Paris). */
  relayHere: string;
  /** Client credentials of the Rhône's systems, created by the département agent. */
  apiClientHere: string;
}

export interface Row {
  /** `METHOD /path`, as in the OpenAPI document. */
  operation: string;
  /** Who gets through ('anyone': a public route, for every caller with a valid session or none). */
  may: readonly Caller[] | 'anyone';
  /** Callers refused otherwise than by the default (a rule of the office or of the account). */
  refused?: Partial<Record<Caller, number>>;
  /** The path for a caller (childminders name their own registration). */
  path?: (world: World, caller: Caller) => string;
  body?: (world: World, caller: Caller) => unknown;
}

const childminders = ['owner', 'unconfirmed'] as const;
const signedIn = [
  'owner',
  'unconfirmed',
  'otherChildminder',
  'moderatorHere',
  'moderatorElsewhere',
  'supervisorHere',
  'supervisorElsewhere',
  'supervisorNational',
  'relayHere',
  'relayElsewhere',
  'departementAgent',
  'dataProtection',
] as const;
/** Every caller refused with a 401: a route no session opens. */
const sessionsRefused = Object.fromEntries(CALLERS.map((caller) => [caller, 401])) as Record<Caller, number>;
const staffHere = ['moderatorHere', 'supervisorHere', 'supervisorNational'] as const;
const allStaff = [...staffHere, 'moderatorElsewhere', 'supervisorElsewhere'] as const;
const supervisorsHere = ['supervisorHere', 'supervisorNational'] as const;
const allSupervisors = [...supervisorsHere, 'supervisorElsewhere'] as const;

/** Her own registration (the unconfirmed childminder's draft; the owner's case for the others). */
const own = (w: World, caller: Caller) => (caller === 'unconfirmed' ? w.draft : w.activeCase);
const registration = (suffix: string) => (w: World, c: Caller) => `/api/registrations/${own(w, c)}${suffix}`;
const staffCase = (suffix: string) => (w: World) => `/api/staff/cases/${w.activeCase}${suffix}`;
const relays = ['relayHere', 'relayElsewhere'] as const;
const relayDesk = (suffix: string) => (w: World) => `/api/relay/childminders/${w.activeCase}${suffix}`;
const relayBody = {
  name: 'Relais de la matrice',
  address: '1 rue de la Matrice',
  postalCode: '69500',
  city: 'Bron',
  phone: '04 11 22 33 44',
  communeCodes: ['69029'],
};
/** Moderators decide, supervisors give and move cases: the other role is refused by the case's rules. */
const notForSupervisors = { supervisorHere: 403, supervisorNational: 403 };

const section = (kind: 'sections' | 'profile/sections', name: string): Row => ({
  operation: `PUT /api/registrations/{id}/${kind}/${name}`,
  may: childminders,
  path: registration(`/${kind}/${name}`),
  body: () => ({}),
});

export const ROWS: Row[] = [
  { operation: 'GET /api/health', may: 'anyone' },
  { operation: 'GET /api/openapi.json', may: 'anyone' },
  {
    operation: 'POST /api/auth/signup',
    may: 'anyone',
    body: () => ({ email: uniqueEmail('matrice'), password: 'une phrase de passe longue', displayName: 'A' }),
  },
  {
    operation: 'POST /api/auth/login',
    may: 'anyone',
    body: () => ({ email: 'x@exemple.test', password: 'x' }),
  },
  {
    operation: 'POST /api/auth/login/second-factor',
    may: 'anyone',
    body: () => ({ challenge: 'inconnu', code: '123456' }),
  },
  { operation: 'POST /api/auth/logout', may: 'anyone' },
  { operation: 'GET /api/auth/me', may: signedIn },
  {
    operation: 'POST /api/auth/email-verification/{token}',
    may: 'anyone',
    path: (w) => `/api/auth/email-verification/${w.links.verification}`,
  },
  { operation: 'POST /api/auth/password-reset', may: 'anyone', body: () => ({ email: 'x@exemple.test' }) },
  {
    operation: 'GET /api/auth/password-reset/{token}',
    may: 'anyone',
    path: (w) => `/api/auth/password-reset/${w.links.reset}`,
  },
  {
    operation: 'POST /api/auth/password-reset/{token}',
    may: 'anyone',
    path: (w) => `/api/auth/password-reset/${w.links.reset}`,
    body: () => ({ password: 'une phrase de passe longue' }),
  },
  {
    operation: 'GET /api/auth/invitations/{token}',
    may: 'anyone',
    path: (w) => `/api/auth/invitations/${w.links.invitation}`,
  },
  {
    operation: 'POST /api/auth/invitations/{token}',
    may: 'anyone',
    path: (w) => `/api/auth/invitations/${w.links.invitation}`,
    body: () => ({ password: 'une phrase de passe longue', code: '000000' }),
  },
  { operation: 'GET /api/account', may: signedIn },
  { operation: 'POST /api/account/email-verification', may: signedIn },
  {
    operation: 'POST /api/account/password',
    may: signedIn,
    body: () => ({ currentPassword: 'pas le bon', newPassword: 'une autre phrase de passe' }),
  },
  { operation: 'POST /api/account/sessions/end-all', may: signedIn },
  // Her own account, whichever childminder she is: no path names anyone else.
  { operation: 'GET /api/account/data', may: [...childminders, 'otherChildminder'] },
  // Without its confirmation: past authorisation (422), and nobody's account is closed by the matrix.
  { operation: 'POST /api/account/closure', may: [...childminders, 'otherChildminder'], body: () => ({}) },
  { operation: 'GET /api/staff/accounts', may: allSupervisors },
  {
    operation: 'POST /api/staff/accounts',
    may: supervisorsHere,
    refused: { supervisorElsewhere: 403 },
    body: () => ({
      displayName: 'A',
      email: uniqueEmail('invitee'),
      role: 'moderator',
      officeIds: ['caf-69'],
    }),
  },
  {
    // A département agent: for a département routed to an office the supervisor oversees (69 → caf-69).
    operation: 'POST /api/staff/accounts',
    may: supervisorsHere,
    refused: { supervisorElsewhere: 403 },
    body: () => ({
      displayName: 'A',
      email: uniqueEmail('agent-pmi'),
      role: 'departement_agent',
      departementCode: '69',
    }),
  },
  {
    operation: 'GET /api/staff/accounts/{id}',
    may: supervisorsHere,
    path: (w) => `/api/staff/accounts/${w.inviteeHere}`,
  },
  {
    operation: 'POST /api/staff/accounts/{id}/invitation',
    may: supervisorsHere,
    path: (w) => `/api/staff/accounts/${w.inviteeHere}/invitation`,
  },
  {
    operation: 'POST /api/staff/accounts/{id}/deactivate',
    may: supervisorsHere,
    path: (w) => `/api/staff/accounts/${w.toDeactivate}/deactivate`,
  },
  { operation: 'GET /api/geo/departements', may: 'anyone' },
  { operation: 'GET /api/geo/communes', may: 'anyone', path: () => '/api/geo/communes?q=Lyon' },
  { operation: 'GET /api/geo/communes/{code}', may: 'anyone', path: () => '/api/geo/communes/69383' },
  {
    operation: 'POST /api/registrations',
    may: [...childminders, 'otherChildminder'],
    path: () => '/api/registrations',
  },
  { operation: 'GET /api/registrations/{id}', may: childminders, path: registration('') },
  ...['identity', 'agrement', 'contact', 'availability'].map((name) => section('sections', name)),
  { operation: 'POST /api/registrations/{id}/submit', may: childminders, path: registration('/submit') },
  { operation: 'POST /api/registrations/{id}/resubmit', may: childminders, path: registration('/resubmit') },
  {
    operation: 'POST /api/registrations/{id}/documents',
    may: ['owner'],
    // Her own draft, but no upload before her address is confirmed.
    refused: { unconfirmed: 409 },
    path: registration('/documents'),
    body: () => ({ fileName: 'a.pdf', contentType: 'application/pdf', size: 1000 }),
  },
  {
    operation: 'POST /api/registrations/{id}/documents/{documentId}/verify',
    may: ['owner'],
    refused: { unconfirmed: 409 },
    path: (w, c) => `/api/registrations/${own(w, c)}/documents/${w.document}/verify`,
  },
  ...['remove', 'content'].map((action): Row => ({
    operation: `${action === 'content' ? 'GET' : 'POST'} /api/registrations/{id}/documents/{documentId}/${action}`,
    may: ['owner'],
    path: (w, c) => `/api/registrations/${own(w, c)}/documents/${w.document}/${action}`,
  })),
  { operation: 'GET /api/registrations/{id}/profile', may: childminders, path: registration('/profile') },
  {
    operation: 'GET /api/registrations/{id}/profile/public',
    may: ['owner'],
    path: registration('/profile/public'),
  },
  ...['identity', 'agrement', 'contact', 'availability'].map((name) => section('profile/sections', name)),
  {
    operation: 'POST /api/registrations/{id}/profile/attestation/uploads',
    may: ['owner'],
    // Her own draft, but nothing to upload after activation before her address is confirmed.
    refused: { unconfirmed: 409 },
    path: registration('/profile/attestation/uploads'),
    body: () => ({ fileName: 'a.pdf', contentType: 'application/pdf', size: 1000 }),
  },
  {
    operation: 'POST /api/registrations/{id}/profile/attestation',
    may: ['owner'],
    refused: { unconfirmed: 409 },
    path: registration('/profile/attestation'),
    body: () => ({}),
  },
  {
    operation: 'POST /api/registrations/{id}/profile/availability/{status}',
    may: childminders,
    path: registration('/profile/availability/full'),
  },
  { operation: 'GET /api/staff/cases', may: allStaff },
  { operation: 'GET /api/staff/cases/{id}', may: staffHere, path: staffCase('') },
  {
    operation: 'GET /api/staff/cases/{id}/documents/{documentId}/content',
    may: staffHere,
    path: (w) => `/api/staff/cases/${w.activeCase}/documents/${w.document}/content`,
  },
  {
    operation: 'POST /api/staff/cases/{id}/notes',
    may: staffHere,
    path: staffCase('/notes'),
    body: () => ({ body: 'Note de la matrice.' }),
  },
  ...['claim', 'decision'].map((action): Row => ({
    operation: `POST /api/staff/cases/{id}/${action}`,
    may: ['moderatorHere'],
    refused: notForSupervisors,
    path: staffCase(`/${action}`),
    body: () => (action === 'decision' ? { kind: 'approve' } : {}),
  })),
  { operation: 'POST /api/staff/cases/{id}/release', may: staffHere, path: staffCase('/release') },
  {
    operation: 'POST /api/staff/cases/{id}/assign',
    may: supervisorsHere,
    path: staffCase('/assign'),
    body: () => ({ moderatorId: '00000000-0000-4000-8000-000000000000' }),
  },
  {
    operation: 'POST /api/staff/cases/{id}/reassign',
    may: supervisorsHere,
    path: staffCase('/reassign'),
    body: () => ({ officeId: 'caf-69' }), // its own office: refused by the rules, never moved
  },
  {
    operation: 'GET /api/supervision/dashboard',
    may: supervisorsHere,
    path: () => '/api/supervision/dashboard?office=caf-69',
  },
  { operation: 'GET /api/supervision/offices', may: allSupervisors },
  { operation: 'POST /api/temporal-codec/decode', may: allSupervisors, body: () => ({ payloads: [] }) },
  { operation: 'POST /api/temporal-codec/encode', may: allSupervisors, body: () => ({ payloads: [] }) },
  {
    operation: 'PUT /api/supervision/offices/{id}',
    may: supervisorsHere,
    refused: { supervisorElsewhere: 403 },
    path: () => '/api/supervision/offices/caf-69',
    body: () => ({ targetWorkingDays: 10 }),
  },
  { operation: 'GET /api/supervision/routing', may: allSupervisors },
  { operation: 'GET /api/supervision/routing/changes', may: allSupervisors },
  {
    operation: 'PUT /api/supervision/routing/{departement}',
    may: supervisorsHere,
    refused: { supervisorElsewhere: 403 },
    path: () => '/api/supervision/routing/69',
    body: () => ({ officeId: 'caf-69' }),
  },
  { operation: 'GET /api/supervision/cases', may: allSupervisors },
  // Every supervisor searches the journal; a regional one gets only her offices' lines (audit-journal.test.ts).
  // The data-protection officer too, nationwide: it is the only route of hers beyond her own account.
  {
    operation: 'GET /api/supervision/audit',
    may: [...allSupervisors, 'dataProtection'],
    path: (w) => `/api/supervision/audit?case=${w.activeCase}`,
  },
  { operation: 'GET /api/supervision/reassignments', may: allSupervisors },
  {
    operation: 'POST /api/supervision/reassignments',
    may: supervisorsHere,
    refused: { supervisorElsewhere: 403 },
    body: (w) => ({ toOfficeId: 'caf-13', selection: { kind: 'cases', ids: [w.inviteeHere] } }),
  },
  {
    operation: 'GET /api/supervision/reassignments/{id}',
    may: supervisorsHere,
    path: (w) => `/api/supervision/reassignments/${w.bulkHere}`,
  },
  {
    operation: 'POST /api/supervision/reassignments/{id}/cancel',
    may: supervisorsHere,
    path: (w) => `/api/supervision/reassignments/${w.bulkHere}/cancel`,
  },
  {
    operation: 'GET /api/supervision/contact-requests/figures',
    may: supervisorsHere,
    path: () => '/api/supervision/contact-requests/figures?office=caf-69',
  },
  // The parents' side: public, and her « Mes demandes ».
  { operation: 'GET /api/public/search', may: 'anyone', path: () => '/api/public/search?commune=69123' },
  { operation: 'GET /api/public/places', may: 'anyone', path: () => '/api/public/places?q=Lyon' },
  {
    operation: 'GET /api/public/childminders/{id}',
    may: 'anyone',
    path: (w) => `/api/public/childminders/${w.activeCase}`,
  },
  {
    operation: 'POST /api/public/childminders/{id}/contact-requests',
    may: 'anyone',
    path: (w) => `/api/public/childminders/${w.activeCase}/contact-requests`,
    body: () => ({}),
  },
  {
    operation: 'POST /api/public/contact-requests/{token}/verify',
    may: 'anyone',
    path: (w) => `/api/public/contact-requests/${w.contactRequest.token}/verify`,
  },
  {
    operation: 'GET /api/public/contact-requests/{token}',
    may: 'anyone',
    path: (w) => `/api/public/contact-requests/${w.contactRequest.token}`,
  },
  {
    operation: 'POST /api/public/parent-links',
    may: 'anyone',
    body: () => ({ email: uniqueEmail('parent-matrice') }),
  },
  {
    operation: 'GET /api/public/parent-links/{token}',
    may: 'anyone',
    path: (w) => `/api/public/parent-links/${w.contactRequest.followToken}`,
  },
  // Each childminder reads her own list (another's requests are simply not in it).
  { operation: 'GET /api/contact-requests', may: [...childminders, 'otherChildminder'] },
  {
    operation: 'GET /api/contact-requests/{id}',
    may: ['owner'],
    path: (w) => `/api/contact-requests/${w.contactRequest.id}`,
  },
  {
    operation: 'POST /api/contact-requests/{id}/answer',
    may: ['owner'],
    path: (w) => `/api/contact-requests/${w.contactRequest.id}/answer`,
    body: () => ({}),
  },
  // Relais petite enfance: supervisors manage them; a relay acts only for who consents to it.
  { operation: 'GET /api/supervision/relays', may: allSupervisors },
  {
    operation: 'POST /api/supervision/relays',
    may: supervisorsHere,
    refused: { supervisorElsewhere: 403 },
    body: () => relayBody,
  },
  {
    operation: 'PUT /api/supervision/relays/{id}',
    may: supervisorsHere,
    path: (w) => `/api/supervision/relays/${w.relayHere}`,
    body: () => ({ ...relayBody, communeCodes: ['69123'] }),
  },
  {
    operation: 'POST /api/supervision/relays/{id}/agents',
    may: supervisorsHere,
    path: (w) => `/api/supervision/relays/${w.relayHere}/agents`,
    body: () => ({ displayName: 'Agent de relais', email: uniqueEmail('agent-relais') }),
  },
  { operation: 'GET /api/relay', may: relays },
  { operation: 'GET /api/relay/childminders.csv', may: relays },
  { operation: 'GET /api/relay/childminders/{id}', may: ['relayHere'], path: relayDesk('') },
  ...['contact', 'availability', 'identity', 'agrement'].map((name): Row => ({
    operation: `PUT /api/relay/childminders/{id}/sections/${name}`,
    may: ['relayHere'],
    // Never her identity nor her agrément, even with her consent.
    refused: name === 'identity' || name === 'agrement' ? { relayHere: 403 } : {},
    path: relayDesk(`/sections/${name}`),
    body: () => ({}),
  })),
  {
    operation: 'POST /api/relay/childminders/{id}/availability/{status}',
    may: ['relayHere'],
    path: relayDesk('/availability/full'),
  },
  {
    operation: 'POST /api/relay/childminders/{id}/consent-request',
    may: ['relayHere'],
    path: relayDesk('/consent-request'),
  },
  { operation: 'GET /api/registrations/{id}/relay', may: childminders, path: registration('/relay') },
  {
    operation: 'POST /api/registrations/{id}/relay/consent',
    may: childminders,
    path: registration('/relay/consent'),
    body: (w) => ({ relayId: w.relayHere }),
  },
  // Last: the owner's withdrawal ends relayHere's access.
  {
    operation: 'POST /api/registrations/{id}/relay/withdraw',
    may: childminders,
    path: registration('/relay/withdraw'),
  },
  // The départements' side: an agent of the Rhône (69), within her département only.
  { operation: 'POST /api/departement/notifications', may: ['departementAgent'], body: () => ({}) },
  { operation: 'POST /api/departement/notifications/batch', may: ['departementAgent'], body: () => ({}) },
  { operation: 'GET /api/departement/notifications', may: ['departementAgent'] },
  { operation: 'GET /api/departement/childminders', may: ['departementAgent'] },
  { operation: 'GET /api/departement/api-clients', may: ['departementAgent'] },
  {
    operation: 'POST /api/departement/api-clients',
    may: ['departementAgent'],
    body: () => ({ label: 'Logiciel de la PMI (matrice)' }),
  },
  {
    operation: 'POST /api/departement/api-clients/{id}/revoke',
    may: ['departementAgent'],
    path: (w) => `/api/departement/api-clients/${w.apiClientHere}/revoke`,
  },
  // The machine API takes a département's client credentials, never a session: every caller here is a 401.
  {
    operation: 'POST /api/machine/departement/notifications',
    may: [],
    refused: sessionsRefused,
    body: () => ({}),
  },
  {
    operation: 'GET /api/machine/departement/notifications',
    may: [],
    refused: sessionsRefused,
    path: () => '/api/machine/departement/notifications?reference=PMI-MATRICE-1',
  },
  { operation: 'GET /api/departement/missed-declarations', may: ['departementAgent'] },
  { operation: 'GET /api/departement/missed-declarations.csv', may: ['departementAgent'] },
  // The owner's case has missed nothing: past authorisation, refused as such (409), nothing recorded.
  {
    operation: 'POST /api/departement/missed-declarations/{registrationId}/referral',
    may: ['departementAgent'],
    path: (w) => `/api/departement/missed-declarations/${w.activeCase}/referral`,
    body: () => ({ referredOn: '2026-01-05' }),
  },
  { operation: 'GET /api/staff/agrement-notifications/unmatched', may: allStaff },
];
