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
  places: 'Places libres',
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

export const contact = {
  title: (name: string) => `Contacter ${name}`,
  lead: 'Elle recevra votre demande par courriel, une fois votre adresse confirmée, et vous répondra par le moyen de contact de son choix. Gratuit, sans compte.',
  parentName: 'Vos prénom et nom',
  parentEmail: 'Votre adresse électronique',
  parentEmailHint: 'Un lien vous y sera envoyé : ouvrez-le pour que la demande lui soit transmise.',
  parentPhone: 'Votre téléphone (facultatif)',
  ageGroup: 'Âge de l’enfant',
  startDate: 'Date d’entrée souhaitée',
  days: 'Jours souhaités',
  hoursFrom: 'De (facultatif)',
  hoursTo: 'À (facultatif)',
  message: 'Votre message',
  messageHint: 'Présentez votre besoin en quelques lignes (1 500 caractères au plus).',
  privacy:
    'Votre adresse électronique et votre message ne sont montrés qu’à cette assistante maternelle. Ils sont effacés un an après la fin de la demande.',
  submit: 'Envoyer ma demande',
  sentTitle: 'Dernière étape : confirmez votre adresse',
  sent: (email: string) =>
    `Nous avons envoyé un lien à ${email}. Ouvrez-le pour que votre demande soit transmise ; le même lien vous permettra de suivre sa réponse.`,
  back: 'Retour à sa fiche',
};

export const parentRequest = {
  title: 'Votre demande de contact',
  to: (name: string) => `Demande à ${name}`,
  status: 'Où en est-elle',
  deliveredOn: (date: string) => `Transmise le ${date}.`,
  expiresOn: (date: string) => `Sans réponse, elle expirera le ${date}.`,
  accepted: 'Elle accepte d’en parler avec vous. Pour la joindre :',
  declined: (reason: string) => `Elle ne peut pas donner suite : ${reason}.`,
  herMessage: 'Son message',
  expired:
    'Elle n’a pas pu répondre dans le délai. D’autres assistantes maternelles ont peut-être une place.',
  unverified:
    'Votre adresse n’a pas été confirmée à temps : la demande n’a pas été transmise. Vous pouvez en envoyer une nouvelle.',
  searchAgain: 'Relancer une recherche',
  seeProfile: 'Voir sa fiche',
  followAll: 'Suivre toutes mes demandes',
};

/** « Suivre mes demandes »: a parent's requests from one emailed link, without an account. */
export const parentFollow = {
  title: 'Suivre mes demandes',
  lead: 'Indiquez l’adresse électronique utilisée pour vos demandes de contact : nous y envoyons un lien, valable 7 jours, qui les rassemble toutes. Aucun compte à créer.',
  submit: 'Recevoir le lien',
  sent: 'Si des demandes ont été envoyées depuis cette adresse, un lien vient d’y partir : ouvrez-le pour les retrouver toutes. Pensez à vérifier vos courriers indésirables.',
  listTitle: 'Mes demandes de contact',
  listLead: 'Toutes les demandes envoyées depuis votre adresse, la plus récente en premier.',
  none: 'Aucune demande à afficher : elles sont effacées au terme de leur durée de conservation.',
  to: (name: string) => `Demande à ${name}`,
  sentOn: (date: string) => `Envoyée le ${date}`,
  contact: 'Pour la joindre',
  newLink: 'Demander un nouveau lien',
};

export const requests = {
  title: 'Mes demandes',
  lead: 'Les demandes des parents qui ont confirmé leur adresse. Répondez, même pour décliner : un clic suffit.',
  none: 'Aucune demande pour l’instant.',
  caption: 'Demandes reçues',
  parent: 'Parent',
  received: 'Reçue le',
  need: 'Besoin',
  status: 'Statut',
  open: (name: string) => `Voir la demande de ${name}`,
  statuses: {
    delivered: 'À répondre',
    answered: 'Répondu',
    declined: 'Déclinée',
    expired: 'Expirée',
  } as Record<string, string>,
  detailTitle: (name: string) => `Demande de ${name}`,
  contactOfParent: 'Ses coordonnées',
  theirMessage: 'Son message',
  expiresOn: (date: string) =>
    `Répondez avant le ${date} : la demande expirera ensuite et le parent en sera prévenu.`,
  answerTitle: 'Répondre',
  accept: 'Accepter d’en parler',
  channel: 'Comment le parent peut-il vous joindre ?',
  channelHint: 'Même un moyen que vous masquez sur votre fiche : il ne sera donné qu’à ce parent.',
  channelOption: (label: string, value: string, isPublic: boolean) =>
    `${label} : ${value}${isPublic ? '' : ' (masqué sur votre fiche)'}`,
  yourMessage: 'Votre message',
  send: 'Envoyer ma réponse',
  decline: 'Décliner',
  reason: 'Motif',
  declineMessage: 'Un mot pour le parent (facultatif)',
  declareFull:
    'Me déclarer aussi complète sur ma fiche (cela compte comme votre déclaration de disponibilités)',
  declineSubmit: 'Décliner la demande',
  answered: 'Votre réponse a été envoyée au parent.',
  declined: 'Vous avez décliné la demande ; le parent en est informé.',
  declaredFull: 'Votre fiche indique désormais que vous êtes complète.',
  yourAnswer: 'Votre réponse',
  back: 'Retour à mes demandes',
};

export const requestFigures = {
  title: 'Mises en relation',
  since: (date: string) => `Demandes de parents transmises depuis le ${date}.`,
  sent: 'Demandes transmises',
  withinTarget: (days: number) => `Répondues sous ${days} jours`,
  expired: 'Restées sans réponse',
  declined: 'Déclinées',
  byReason: 'Demandes déclinées, par motif',
  reason: 'Motif',
  count: 'Demandes',
  perOffice: 'Mises en relation par CAF',
  office: 'CAF',
};
