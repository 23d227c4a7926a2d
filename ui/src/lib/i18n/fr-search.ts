/** Parents' pages: the search, a childminder's public page, contact requests. */
export const search = {
  title: 'Trouver une assistante maternelle',
  lead: 'Un service public gratuit : cherchez une assistante maternelle agréée qui a une place près de chez vous, puis contactez-la.',
  where: 'Commune ou code postal',
  whereHint: 'Par exemple « Villeurbanne » ou « 69003 », puis choisissez dans la liste.',
  radius: 'Distance',
  radiusLabel: (km: number) => (km === 0 ? 'Dans la commune seulement' : `Jusqu’à ${km} km`),
  age: 'Âge de l’enfant',
  anyAge: 'Indifférent',
  days: 'Jours d’accueil souhaités',
  hoursFrom: 'De',
  hoursTo: 'À',
  hoursHint: 'Facultatif : les horaires nécessaires ces jours-là (HH:MM).',
  start: 'Date d’entrée souhaitée',
  startHint: 'Facultatif (JJ/MM/AAAA).',
  workplace: 'Lieu d’accueil',
  anyWorkplace: 'Indifférent',
  home: 'À son domicile',
  mam: 'En maison d’assistants maternels (MAM)',
  submit: 'Rechercher',
  more: 'Plus de critères',
  choose: 'Plusieurs communes correspondent : choisissez la vôtre.',
  nothingFound: 'Aucune commune ne correspond. Vérifiez l’orthographe ou le code postal.',
  resultsTitle: (commune: string, radius: number) =>
    radius === 0 ? `Résultats à ${commune}` : `Résultats à ${radius} km autour de ${commune}`,
  none: 'Aucune assistante maternelle ne correspond pour l’instant. Élargissez la distance ou retirez un critère.',
  next: 'Résultats suivants',
  restart: 'Revenir aux premiers résultats',
  distanceUnavailable:
    'La position de cette commune n’est pas connue : seules les assistantes maternelles de la commune elle-même sont affichées, sans distance.',
  distance: (km: number | null) =>
    km === null ? 'Distance inconnue' : km === 0 ? 'Dans la commune' : `À ${km.toLocaleString('fr-FR')} km`,
  distanceNote: 'Distances entre les centres des communes, jamais depuis une adresse.',
  places: 'Places',
  confirmedOn: (date: string) => `Disponibilités confirmées le ${date}`,
  unconfirmed: 'Disponibilités non confirmées',
  unconfirmedHint: 'Sa déclaration de disponibilités n’a pas été renouvelée à temps : vérifiez avec elle.',
  full: 'Complète',
  see: (name: string) => `Voir la fiche de ${name}`,
  from: (date: string) => `à partir du ${date}`,
};

export const childminderPage = {
  backToResults: 'Retour aux résultats',
  contact: 'Contacter cette assistante maternelle',
  contactLead:
    'Envoyez-lui une demande : elle la reçoit par courriel et vous répond par le moyen de contact de son choix.',
  week: 'Sa semaine',
  weekCaption: (name: string) => `Jours et horaires d’accueil de ${name}`,
  day: 'Jour',
  hours: 'Horaires',
  closed: 'Pas d’accueil',
  relay:
    'Le relais petite enfance (RPE) de votre secteur peut vous renseigner sur l’accueil du jeune enfant et sur les démarches d’employeur.',
  notFound: 'Cette fiche n’est pas (ou plus) publiée.',
};
