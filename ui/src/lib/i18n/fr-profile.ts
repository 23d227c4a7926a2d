/** French texts — After activation: her profile, edits, availability, public preview. */
export const profile = {
  title: 'Mon profil publié',
  lead: 'Ce que voient les parents, et ce que vous pouvez changer à tout moment.',
  notActive: 'Votre fiche sera publiée quand la CAF aura validé votre inscription.',
  closed: 'Votre dossier est fermé : il ne peut plus être modifié',
  followCase: 'Suivre mon dossier',
  publishedSince: (date: string) => `Fiche publiée, mise à jour le ${date}.`,
  preview: 'Voir ma fiche comme un parent',
  saved: {
    applied: 'Enregistré : votre fiche publiée est à jour.',
    pending:
      'Envoyé à la CAF pour vérification. Vos dernières informations vérifiées restent publiées jusqu’à sa décision.',
    checking:
      'Reçu : votre nouvelle identité est vérifiée auprès du répertoire national, puis elle sera envoyée à la CAF. Vos dernières informations vérifiées restent publiées jusqu’à sa décision.',
    unchanged: 'Aucun changement : rien n’a été modifié.',
    attestation:
      'Votre nouvelle attestation est envoyée à la CAF avec les données déclarées. Vos informations vérifiées restent publiées jusqu’à sa décision.',
    full: 'C’est noté : vous êtes complète. Les parents le voient dès maintenant.',
    unavailable:
      'C’est noté : vous êtes indisponible. Les parents le voient, et vous n’avez plus de déclaration à faire jusqu’à votre reprise.',
  },
  sections: {
    title: 'Mes informations',
    atOnce: 'Coordonnées, choix de publication et disponibilités : appliqués et publiés aussitôt.',
    checked:
      'Identité, agrément ou changement de département : vérifiés par la CAF avant publication ; vos informations actuelles restent publiées en attendant.',
  },
  checking: {
    title: 'Nouvelle identité en cours de vérification',
    body: (date: string) =>
      `Votre nouvelle identité, envoyée le ${date}, est vérifiée auprès du répertoire national des identités. Elle sera ensuite transmise à la CAF. Si le répertoire est momentanément indisponible, la vérification reprend d’elle-même : vous n’avez rien à refaire. En attendant, vos dernières informations vérifiées restent publiées.`,
  },
  pending: {
    title: 'Modification en cours de vérification',
    body: (section: string, date: string) =>
      `Votre modification « ${section} » du ${date} attend la décision de la CAF. En attendant, vos dernières informations vérifiées restent publiées.`,
    sectionLocked:
      'Cette partie attend la décision de la CAF sur votre modification : vous pourrez la changer ensuite.',
    attestation: 'Votre nouvelle attestation, vérifiée, est jointe à cette modification.',
    otherPending:
      'Une autre modification attend la décision de la CAF : vous pourrez proposer celle-ci après sa décision.',
  },
  attestation: {
    title: 'Envoyer une nouvelle attestation d’agrément',
    lead: 'Votre agrément est renouvelé ou modifié par la PMI ? Joignez la nouvelle attestation et indiquez ce qu’elle dit : la CAF vérifie l’une avec l’autre. Votre fiche reste inchangée jusqu’à sa décision ; vous serez prévenue par courriel.',
    link: 'Envoyer une nouvelle attestation (renouvellement, modification)',
    file: 'Nouvelle attestation d’agrément',
    hint: (formats: string, megabytes: number) =>
      `Un seul fichier : une photo nette ou un scan de l’attestation (toutes les pages dans un PDF). Formats acceptés : ${formats}. Taille maximale : ${megabytes} Mo.`,
    missing: 'Joignez votre nouvelle attestation (PDF, JPEG ou PNG).',
    sending: (percent: number) => `Envoi du fichier (${percent} %)…`,
    checking: 'Vérification de l’attestation et envoi à la CAF…',
    failed:
      'L’envoi du fichier a échoué. Vérifiez votre connexion et recommencez : vos données saisies sont conservées.',
    values: 'Ce que dit la nouvelle attestation',
  },
  decision: {
    approved: (section: string) => `La CAF a validé votre modification « ${section} » : elle est publiée.`,
    refused: (section: string) => `La CAF n’a pas validé votre modification « ${section} »`,
    message: 'Son message :',
    again: 'Vos informations vérifiées restent publiées. Vous pouvez proposer une nouvelle modification.',
  },
  declaration: {
    title: 'Mes disponibilités',
    nextDeadline: (date: string) => `Prochaine déclaration à faire avant le ${date}.`,
    lastDeclared: (date: string) => `Dernière déclaration le ${date}.`,
    overdueTitle: 'Déclaration en retard',
    exempt:
      'Vous êtes indisponible : aucune déclaration n’est attendue tant que votre activité est suspendue.',
    current: 'Situation publiée :',
    update: 'Mettre à jour mes disponibilités',
    full: 'Je suis complète',
    unavailable: 'Je suis indisponible',
  },
  oneAction: {
    full: {
      title: 'Vous êtes complète ?',
      meaning: [
        'Votre fiche indiquera « Complète » : aucune place disponible pour le moment.',
        'Vos jours et horaires d’accueil restent affichés.',
        'Cela compte comme votre déclaration de disponibilités.',
      ],
      confirm: 'Confirmer : je suis complète',
    },
    unavailable: {
      title: 'Vous suspendez votre activité ?',
      meaning: [
        'Votre fiche indiquera « Indisponible (activité suspendue) », sans places ni horaires.',
        'Tant que vous êtes indisponible, vous n’avez pas de déclaration de disponibilités à faire.',
        'À votre reprise, déclarez simplement vos nouvelles disponibilités.',
      ],
      confirm: 'Confirmer : je suis indisponible',
    },
    cancel: 'Annuler',
  },
  forms: {
    contactTitle: 'Modifier mes coordonnées',
    contactLead:
      'Vos nouvelles coordonnées et vos choix de publication sont publiés aussitôt. Si vous déménagez dans un autre département, la CAF de ce département vérifie d’abord votre dossier.',
    availabilityTitle: 'Mettre à jour mes disponibilités',
    availabilityLead:
      'Publié aussitôt. Chaque enregistrement compte comme votre déclaration, même sans changement.',
    identityTitle: 'Modifier mon identité',
    agrementTitle: 'Modifier mon agrément',
    checkedLead:
      'Ce changement est vérifié par la CAF avant publication : votre fiche reste inchangée jusqu’à sa décision. Vous serez prévenue par courriel.',
    save: 'Enregistrer',
    sendToCaf: 'Envoyer à la CAF',
    back: 'Revenir à mon profil',
  },
  public: {
    title: 'Ma fiche, comme la voit un parent',
    lead: 'Exactement ce qui est publié, rien de plus : ce que vous avez choisi de masquer n’apparaît pas.',
    workplaceHome: 'Accueil à son domicile',
    workplaceMam: (name: string) => `En maison d’assistants maternels : ${name}`,
    address: 'Adresse',
    addressHidden: (commune: string) => `${commune} (adresse non publiée)`,
    phone: 'Téléphone',
    email: 'Courriel',
    capacity: (count: number) => `Agrément pour ${count} enfant${count > 1 ? 's' : ''} en même temps`,
    availability: 'Disponibilités',
    places: 'Places disponibles',
    slots: 'Jours et horaires',
    from: (date: string) => `À partir du ${date}`,
    notPublished: 'Votre fiche n’est pas encore publiée.',
  },
} as const;
