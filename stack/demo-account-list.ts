/**
 * The demo accounts and their public credentials: one password for all, and for each staff account a
 * fixed TOTP secret (base32), so that someone trying the product can add it to an authenticator app
 * or read the current codes on the /codes-demo page of the embedded stack. Public by design: never
 * for production data. No import with side effects: the UI's demo page reads this list too.
 */
import type { Role } from '../domain/case-rules.ts';

export const DEMO_PASSWORD = 'demo-registre-2026';

export interface DemoAccount {
  email: string;
  role: Role;
  /** A moderator's office. */
  officeId: string | null;
  /** A relay agent's relay (stack/demo-relays.ts). */
  relayId?: string;
  /** The offices a supervisor oversees; none for a national one. */
  supervisedOfficeIds?: string[];
  /** A département agent's département. */
  departementCode?: string;
  displayName: string;
  /** How the role reads in the start-up banner and on the demo codes page. */
  label: string;
  /** Staff only: the second factor's secret, shared with every visitor on purpose. */
  totpSecret?: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    email: 'assmat@demo.registre-assmat.fr',
    role: 'childminder',
    officeId: null,
    displayName: 'Camille Dupont',
    label: 'assistante maternelle',
  },
  {
    email: 'moderatrice.lyon@demo.registre-assmat.fr',
    role: 'moderator',
    officeId: 'caf-69',
    displayName: 'Modératrice CAF du Rhône',
    label: 'modératrice',
    totpSecret: 'DEMOMODERATRICELYONREGISTREASSMA',
  },
  {
    email: 'moderatrice.paris@demo.registre-assmat.fr',
    role: 'moderator',
    officeId: 'caf-75',
    displayName: 'Modératrice CAF de Paris',
    label: 'modératrice',
    totpSecret: 'DEMOMODERATRICEPARISREGISTREASSM',
  },
  {
    email: 'superviseuse.rhone@demo.registre-assmat.fr',
    role: 'supervisor',
    officeId: null,
    supervisedOfficeIds: ['caf-69'],
    displayName: 'Superviseuse CAF du Rhône',
    label: 'superviseuse',
    totpSecret: 'DEMOSUPERVISEUSERHONEREGISTREASS',
  },
  {
    email: 'superviseur@demo.registre-assmat.fr',
    role: 'supervisor',
    officeId: null,
    displayName: 'Superviseur national',
    label: 'superviseur national',
    totpSecret: 'DEMOSUPERVISEURNATIONALREGISTREA',
  },
  {
    email: 'relais.lyon@demo.registre-assmat.fr',
    role: 'relay',
    officeId: null,
    // DEMO_RELAYS[0] of stack/demo-relays.ts (not imported: the UI's demo page reads this list).
    relayId: '00000000-0000-4000-8000-00000000a069',
    displayName: 'Agent du relais Lyon Est',
    label: 'agent de relais petite enfance (RPE Lyon Est)',
    totpSecret: 'DEMORELAISLYONESTREGISTREASSMATA',
  },
  {
    email: 'pmi.rhone@demo.registre-assmat.fr',
    role: 'departement_agent',
    officeId: null,
    departementCode: '69',
    displayName: 'Agente PMI du Rhône',
    label: 'agente du département (PMI du Rhône)',
    totpSecret: 'DEMOAGENTEPMIRHONEREGISTREASSMAT',
  },
  {
    email: 'dpo@demo.registre-assmat.fr',
    role: 'data_protection',
    officeId: null,
    displayName: 'Déléguée à la protection des données',
    label: 'déléguée à la protection des données (journal d’audit)',
    totpSecret: 'DEMODELEGUEEPROTECTIONDONNEESREG',
  },
];
