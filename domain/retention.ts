/**
 * How long personal data is kept, as the « Données personnelles » page states it. These are the
 * service's stated periods, to be confirmed by the CNAF's data protection officer; no purge job
 * enforces them yet but the sign-in failures' (README, known limits).
 */
export interface RetentionRule {
  data: string;
  period: string;
}

export const RETENTION_RULES: readonly RetentionRule[] = [
  {
    data: 'Un compte créé mais dont le dossier n’a jamais été déposé',
    period: '12 mois après la dernière connexion',
  },
  {
    data: 'Votre dossier (identité, NIR, agrément, coordonnées, disponibilités, copie de l’agrément, messages de la CAF)',
    period:
      'tant que vous êtes inscrite, puis 2 ans après la fin de votre agrément ou votre désinscription, pour répondre à un contrôle ou à un recours',
  },
  { data: 'Un dossier refusé', period: '2 ans après la décision, le temps des recours' },
  {
    data: 'Votre fiche publiée pour les parents',
    period: 'retirée dès la fin de votre agrément, une suspension ou votre désinscription',
  },
  { data: 'Le journal des actions sur votre dossier (qui a fait quoi, et quand)', period: '5 ans' },
  {
    data: 'Les tentatives de connexion échouées (adresse électronique visée, adresse IP)',
    period: '24 heures',
  },
];
