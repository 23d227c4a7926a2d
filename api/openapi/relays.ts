/**
 * Operations of the relays (Relais petite enfance): supervisors manage them
 * (api/routes/relay-supervision.ts), a childminder gives or withdraws her consent
 * (api/routes/relay-consent.ts), relay agents work their desk (api/routes/relay-desk.ts).
 */
import { PROFILE_SECTIONS } from '../../domain/profile-changes.ts';
import { DELEGABLE_SECTIONS, relaySchema } from '../../domain/relays.ts';
import { SECTION_BODIES, SECTION_TITLES } from './childminder.ts';
import { oneActionSchema } from '../routes/profile.ts';
import { consentSchema } from '../routes/relay-consent.ts';
import { relayListQuerySchema } from '../routes/relay-desk.ts';
import { relayAgentSchema } from '../routes/relay-supervision.ts';
import {
  relayActedView,
  relayAgentInvitedView,
  relayChildminderView,
  relayConsentGrantedView,
  relayConsentRequestedView,
  relayConsentView,
  relayConsentWithdrawnView,
  relayDeskView,
  relayListView,
  relaySavedView,
} from '../views/relays.ts';
import { uuidParam, type Operation } from './operation.ts';

const supervisor = ['supervisor'] as const;
const childminder = ['childminder'] as const;
const relay = ['relay'] as const;

export const relayOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/supervision/relays',
    summary: 'Relais petite enfance des départements de ses CAF',
    access: supervisor,
    ok: { 200: relayListView },
  },
  {
    method: 'post',
    path: '/api/supervision/relays',
    summary: 'Créer un relais et les communes qu’il couvre',
    access: supervisor,
    body: relaySchema,
    ok: { 201: relaySavedView },
  },
  {
    method: 'put',
    path: '/api/supervision/relays/{id}',
    summary: 'Modifier un relais (coordonnées, communes couvertes)',
    access: supervisor,
    params: { id: uuidParam },
    body: relaySchema,
    ok: { 200: relaySavedView },
  },
  {
    method: 'post',
    path: '/api/supervision/relays/{id}/agents',
    summary: 'Inviter un agent du relais (mot de passe et double authentification)',
    access: supervisor,
    params: { id: uuidParam },
    body: relayAgentSchema,
    ok: { 201: relayAgentInvitedView },
    problems: [409],
  },
  {
    method: 'get',
    path: '/api/registrations/{id}/relay',
    summary: 'Les relais de sa commune, celui qu’elle autorise, ce qu’il verra et fera',
    access: childminder,
    params: { id: uuidParam },
    ok: { 200: relayConsentView },
  },
  {
    method: 'post',
    path: '/api/registrations/{id}/relay/consent',
    summary: 'Autoriser un relais de sa commune à l’aider (remplace l’accord précédent)',
    access: childminder,
    params: { id: uuidParam },
    body: consentSchema,
    ok: { 201: relayConsentGrantedView },
  },
  {
    method: 'post',
    path: '/api/registrations/{id}/relay/withdraw',
    summary: 'Retirer son accord au relais (il perd l’accès aussitôt)',
    access: childminder,
    params: { id: uuidParam },
    ok: { 200: relayConsentWithdrawnView },
  },
  {
    method: 'get',
    path: '/api/relay',
    summary: 'Son relais, les chiffres de ses communes et les assistantes maternelles qui l’autorisent',
    access: relay,
    query: relayListQuerySchema,
    ok: { 200: relayDeskView },
  },
  {
    method: 'get',
    path: '/api/relay/childminders.csv',
    summary: 'La liste du relais en CSV (mêmes filtres)',
    access: relay,
    query: relayListQuerySchema,
    ok: { 200: 'csv' },
  },
  {
    method: 'get',
    path: '/api/relay/childminders/{id}',
    summary: 'Le dossier d’une assistante maternelle qui autorise le relais',
    access: relay,
    params: { id: uuidParam },
    ok: { 200: relayChildminderView },
  },
  ...PROFILE_SECTIONS.map((section): Operation => ({
    method: 'put',
    path: `/api/relay/childminders/{id}/sections/${section}`,
    summary: DELEGABLE_SECTIONS.includes(section as 'contact')
      ? `Modifier pour elle ${SECTION_TITLES[section]}`
      : `Refusé (code section_not_delegable) : un relais ne modifie jamais ${SECTION_TITLES[section]}`,
    access: relay,
    params: { id: uuidParam },
    body: SECTION_BODIES[section],
    ok: { 200: relayActedView },
    problems: [403, 409, 503],
  })),
  {
    method: 'post',
    path: '/api/relay/childminders/{id}/availability/{status}',
    summary: 'Déclarer pour elle « complète » ou « indisponible »',
    access: relay,
    params: { id: uuidParam, status: oneActionSchema },
    ok: { 200: relayActedView },
    problems: [409, 503],
  },
  {
    method: 'post',
    path: '/api/relay/childminders/{id}/consent-request',
    summary: 'Proposer son aide à une assistante maternelle publiée de ses communes',
    access: relay,
    params: { id: uuidParam },
    ok: { 202: relayConsentRequestedView },
  },
];
