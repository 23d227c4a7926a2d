/**
 * Operations of the parents' routes (api/routes/public-search.ts, contact-requests.ts: no session)
 * and of her « Mes demandes », with the supervisors' contact figures (api/routes/contact-figures.ts).
 */
import { contactAnswerSchema, contactRequestSchema } from '../../domain/contact-request-forms.ts';
import { searchQuerySchema } from '../../domain/search.ts';
import { parentLinkRequestSchema } from '../contact/parent-links.ts';
import { scopeSchema } from '../routes/contact-figures.ts';
import { mailSentView } from '../views/accounts.ts';
import { placeSchema } from '../routes/public-search.ts';
import {
  contactAnsweredView,
  contactCreatedView,
  contactFiguresView,
  contactStateView,
  parentRequestView,
  parentRequestsView,
  placeListView,
  publicChildminderView,
  receivedRequestView,
  requestListView,
  searchPageView,
} from '../views/public.ts';
import { tokenParam, uuidParam, type Operation } from './operation.ts';

const childminder = ['childminder'] as const;

export const publicOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/public/search',
    summary: 'Rechercher une assistante maternelle (commune, distance, âge, jours, horaires, date)',
    access: 'public',
    query: searchQuerySchema,
    ok: { 200: searchPageView },
    problems: [422],
  },
  {
    method: 'get',
    path: '/api/public/places',
    summary: 'Communes correspondant à un nom ou à un code postal',
    access: 'public',
    query: placeSchema,
    ok: { 200: placeListView },
    problems: [422],
  },
  {
    method: 'get',
    path: '/api/public/childminders/{id}',
    summary: 'Fiche publique d’une assistante maternelle',
    access: 'public',
    params: { id: uuidParam },
    ok: { 200: publicChildminderView },
  },
  {
    method: 'post',
    path: '/api/public/childminders/{id}/contact-requests',
    summary: 'Envoyer une demande de contact (un lien de confirmation est envoyé au parent)',
    access: 'public',
    params: { id: uuidParam },
    body: contactRequestSchema,
    ok: { 201: contactCreatedView },
    problems: [409, 429],
  },
  {
    method: 'post',
    path: '/api/public/contact-requests/{token}/verify',
    summary: 'Confirmer son adresse (lien reçu) : la demande est transmise',
    access: 'public',
    params: { token: tokenParam },
    ok: { 200: contactStateView },
    problems: [409, 503],
  },
  {
    method: 'get',
    path: '/api/public/contact-requests/{token}',
    summary: 'Suivre sa demande et lire la réponse (lien privé)',
    access: 'public',
    params: { token: tokenParam },
    ok: { 200: parentRequestView },
  },
  {
    method: 'post',
    path: '/api/public/parent-links',
    summary: 'Recevoir par courriel le lien qui rassemble ses demandes (même réponse pour toute adresse)',
    access: 'public',
    body: parentLinkRequestSchema,
    ok: { 202: mailSentView },
    problems: [429],
  },
  {
    method: 'get',
    path: '/api/public/parent-links/{token}',
    summary: 'Ses demandes envoyées depuis une adresse, par le lien reçu',
    access: 'public',
    params: { token: tokenParam },
    ok: { 200: parentRequestsView },
  },
  {
    method: 'get',
    path: '/api/contact-requests',
    summary: 'Mes demandes (assistante maternelle)',
    access: childminder,
    ok: { 200: requestListView },
  },
  {
    method: 'get',
    path: '/api/contact-requests/{id}',
    summary: 'Une demande reçue, avec les coordonnées du parent',
    access: childminder,
    params: { id: uuidParam },
    ok: { 200: receivedRequestView },
  },
  {
    method: 'post',
    path: '/api/contact-requests/{id}/answer',
    summary: 'Répondre ou décliner (motif codé)',
    access: childminder,
    params: { id: uuidParam },
    body: contactAnswerSchema,
    ok: { 200: contactAnsweredView },
    problems: [409, 503],
  },
  {
    method: 'get',
    path: '/api/supervision/contact-requests/figures',
    summary: 'Mises en relation : transmises, répondues sous 3 jours, motifs',
    access: ['supervisor'],
    query: scopeSchema,
    ok: { 200: contactFiguresView },
    problems: [404],
  },
];
