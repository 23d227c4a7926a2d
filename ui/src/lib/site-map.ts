/**
 * Every page a person can open from a link, by audience: the « Plan du site » shows it, and a test
 * checks that each page of the interface is in it (pages of one record, or of one emailed link,
 * are reached from their list or their email, and are said so).
 */
export interface SiteMapSection {
  title: string;
  note?: string;
  pages: Array<{ path: string; title: string }>;
}

export const SITE_MAP: SiteMapSection[] = [
  {
    title: 'Tout public',
    pages: [
      { path: '/', title: 'Accueil' },
      { path: '/recherche', title: 'Trouver une assistante maternelle' },
      { path: '/suivi-demandes', title: 'Suivre mes demandes de contact (parents)' },
      { path: '/inscription', title: 'Créer un compte' },
      { path: '/connexion', title: 'Connexion' },
      { path: '/mot-de-passe-oublie', title: 'Mot de passe oublié' },
      { path: '/accessibilite', title: 'Accessibilité' },
      { path: '/mentions-legales', title: 'Mentions légales' },
      { path: '/donnees-personnelles', title: 'Données personnelles' },
      { path: '/plan-du-site', title: 'Plan du site' },
    ],
  },
  {
    title: 'Assistantes maternelles',
    note: 'Après connexion.',
    pages: [
      { path: '/mon-dossier', title: 'Mon dossier d’inscription' },
      { path: '/mon-dossier/identite', title: 'Identité' },
      { path: '/mon-dossier/agrement', title: 'Agrément' },
      { path: '/mon-dossier/coordonnees', title: 'Coordonnées et publication' },
      { path: '/mon-dossier/disponibilites', title: 'Disponibilités' },
      { path: '/mon-dossier/documents', title: 'Copie de l’agrément' },
      { path: '/mon-dossier/recapitulatif', title: 'Récapitulatif et dépôt' },
      { path: '/mon-profil', title: 'Mon profil publié' },
      { path: '/mon-profil/identite', title: 'Modifier mon identité' },
      { path: '/mon-profil/agrement', title: 'Modifier mon agrément' },
      { path: '/mon-profil/attestation', title: 'Envoyer une nouvelle attestation d’agrément' },
      { path: '/mon-profil/coordonnees', title: 'Modifier mes coordonnées' },
      { path: '/mon-profil/disponibilites', title: 'Mettre à jour mes disponibilités' },
      { path: '/mon-profil/complete', title: 'Je suis complète' },
      { path: '/mon-profil/indisponible', title: 'Je suis indisponible' },
      { path: '/mon-profil/apercu', title: 'Ma fiche vue par un parent' },
      { path: '/mes-demandes', title: 'Mes demandes de parents' },
      { path: '/mon-relais', title: 'Mon relais petite enfance' },
      { path: '/verification', title: 'Confirmer mon adresse électronique' },
      { path: '/mon-compte', title: 'Mon compte' },
      { path: '/mon-compte/mes-donnees', title: 'Mes données personnelles (télécharger, fermer mon compte)' },
    ],
  },
  {
    title: 'Agents des CAF',
    note: 'Accès réservé aux agents, avec leur compte professionnel et leur code d’authentification.',
    pages: [
      { path: '/connexion/code', title: 'Connexion : code de vérification' },
      { path: '/moderation', title: 'File de modération (chaque dossier s’ouvre depuis la file)' },
      { path: '/supervision', title: 'Tableau de bord' },
      { path: '/supervision/routage', title: 'Routage des départements' },
      { path: '/supervision/cafs', title: 'Délais cibles des CAF' },
      { path: '/supervision/reaffectations', title: 'Réaffectations' },
      { path: '/supervision/reaffectations/nouvelle', title: 'Nouvelle réaffectation' },
      { path: '/supervision/agents', title: 'Agents' },
      { path: '/supervision/agents/inviter', title: 'Inviter un agent' },
      { path: '/supervision/relais', title: 'Relais petite enfance' },
      { path: '/supervision/journal', title: 'Journal d’audit' },
    ],
  },
  {
    title: 'Agents des départements (PMI)',
    note: 'Accès réservé aux agents du service de PMI, avec leur code d’authentification.',
    pages: [
      { path: '/departement', title: 'Notifier un agrément' },
      { path: '/departement/fichier', title: 'Envoyer un fichier de notifications' },
      { path: '/departement/assistantes-maternelles', title: 'Assistantes maternelles du département' },
      { path: '/departement/acces-api', title: 'Accès API pour les systèmes du département' },
      {
        path: '/departement/declarations-manquantes',
        title: 'Déclarations de disponibilités manquantes (saisine de la commission)',
      },
    ],
  },
  {
    title: 'Relais petite enfance',
    note: 'Accès réservé aux agents des relais, avec leur code d’authentification.',
    pages: [{ path: '/relais', title: 'Assistantes maternelles accompagnées' }],
  },
];

/**
 * Pages left out of the map, and why: they show one record (opened from its list), answer one
 * emailed link, or exist only on the demonstration stack.
 */
export const OFF_MAP: Record<string, string> = {
  '/assistantes-maternelles/[id]': 'la fiche d’une assistante maternelle, ouverte depuis la recherche',
  '/assistantes-maternelles/[id]/contacter': 'le formulaire de contact, ouvert depuis sa fiche',
  '/demandes/[token]': 'le suivi d’une demande, par le lien privé envoyé au parent',
  '/suivi-demandes/[token]': 'les demandes d’un parent, par le lien envoyé à son adresse',
  '/mes-demandes/[id]': 'une demande reçue, ouverte depuis « Mes demandes »',
  '/moderation/dossiers/[id]': 'un dossier, ouvert depuis la file',
  '/relais/[id]': 'une assistante maternelle accompagnée, ouverte depuis la liste du relais',
  '/relais/[id]/coordonnees': 'ses coordonnées, modifiées depuis sa page par le relais',
  '/relais/[id]/disponibilites': 'ses disponibilités, déclarées depuis sa page par le relais',
  '/supervision/routage/[departement]': 'un département, ouvert depuis la table de routage',
  '/supervision/reaffectations/[id]': 'une réaffectation, ouverte depuis leur liste',
  '/supervision/reaffectations/dossier/[id]': 'un dossier à transférer, ouvert depuis la sélection',
  '/supervision/agents/[id]': 'un compte d’agent, ouvert depuis la liste',
  '/verification/[token]': 'le lien de confirmation envoyé par courriel',
  '/reinitialisation/[token]': 'le lien de réinitialisation envoyé par courriel',
  '/invitation/[token]': 'le lien d’invitation envoyé par courriel',
  '/boite-de-reception': 'la boîte de réception de démonstration (pile de démonstration seulement)',
  '/compte-ferme': 'ce qui est conservé, montré une fois après la fermeture de son compte',
  '/codes-demo': 'les codes des comptes de démonstration (pile de démonstration seulement)',
};
