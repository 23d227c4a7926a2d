/**
 * French texts of the interface (the reference language). Another language is a file of the same
 * type (`Messages`): the compiler then lists every missing text. Legal and domain wording (statuses,
 * rules, refusal reasons) lives with its rule in domain/.
 */
import { account } from './fr-account.ts';
import { legal } from './fr-legal.ts';
import { moderation } from './fr-moderation.ts';
import { personalData } from './fr-personal-data.ts';
import { profile } from './fr-profile.ts';
import { relay } from './fr-relay.ts';
import {
  childminderPage,
  contact,
  parentFollow,
  parentRequest,
  requestFigures,
  requests,
  search,
} from './fr-search.ts';
import { supervision } from './fr-supervision.ts';
import { auditJournal } from './fr-audit.ts';

export const fr = {
  account,
  personalData,
  relay,
  legal,
  profile,
  moderation,
  supervision,
  auditJournal,
  search,
  childminderPage,
  contact,
  parentRequest,
  parentFollow,
  requests,
  requestFigures,
  service: {
    name: 'Registre des assistantes maternelles',
    tagline: 'Inscription, vérification et publication des assistantes maternelles agréées',
    skipToContent: 'Aller au contenu',
    skipToFooter: 'Aller au pied de page',
    footer:
      'Service d’inscription des assistantes maternelles pour la branche Famille. Les données publiées respectent l’article R. 421-39 du Code de l’action sociale et des familles.',
    devMailbox: 'Boîte de réception (démo)',
  },
  nav: {
    label: 'Menu principal',
    myCase: 'Mon dossier',
    queue: 'File de modération',
    profile: 'Mon profil publié',
    myAccount: 'Mon compte',
    supervision: 'Supervision',
    staffAccounts: 'Agents',
    requests: 'Mes demandes',
    departementNotifications: 'Notifier',
    departementBatch: 'Envoyer un fichier',
    departementChildminders: 'Assistantes maternelles du département',
    departementApi: 'Accès API',
    departementMissed: 'Déclarations manquantes',
    findChildminder: 'Trouver une assistante maternelle',
    signIn: 'Se connecter',
    signUp: 'Créer un compte',
    signOut: 'Se déconnecter',
    signedInAs: (name: string) => `Connectée en tant que ${name}`,
    menu: 'Menu',
    close: 'Fermer',
    homeOf: 'Accueil',
  },
  footer: {
    newWindow: 'nouvelle fenêtre',
    siteMap: 'Plan du site',
    accessibility: (conformity: string) => `Accessibilité : ${conformity}`,
    legal: 'Mentions légales',
    personalData: 'Données personnelles',
    licence:
      'Sauf mention contraire, les contenus de ce site sont proposés sous licence Etalab 2.0 (licence ouverte).',
  },
  home: {
    title: 'Inscrivez-vous au registre des assistantes maternelles',
    lead: 'Depuis 2020, chaque assistante maternelle agréée s’inscrit et tient ses disponibilités à jour. Les parents vous trouvent gratuitement.',
    steps: [
      'Créez votre compte avec votre adresse électronique.',
      'Renseignez votre identité, votre agrément, vos coordonnées et vos disponibilités.',
      'Ajoutez une copie de votre attestation d’agrément.',
      'La CAF de votre département vérifie votre dossier ; vous suivez chaque étape.',
    ],
    start: 'Commencer mon inscription',
    already: 'J’ai déjà un compte',
    staff: 'Agents des CAF : connectez-vous avec votre compte professionnel.',
  },
  auth: {
    signInTitle: 'Connexion',
    signUpTitle: 'Créer mon compte',
    email: 'Adresse électronique',
    emailHint: 'Format attendu : nom@domaine.fr',
    password: 'Mot de passe',
    passwordHint: '12 caractères au moins. Une phrase facile à retenir fait un bon mot de passe.',
    displayName: 'Nom et prénom',
    displayNameHint: 'Pour vous saluer dans nos messages.',
    submitSignIn: 'Se connecter',
    submitSignUp: 'Créer mon compte',
    noAccount: 'Pas encore de compte ?',
    haveAccount: 'Déjà un compte ?',
    showPassword: 'Afficher le mot de passe',
  },
  error: {
    title: (status: number) =>
      status === 404 ? 'Page introuvable' : status === 403 ? 'Accès refusé' : 'Une erreur est survenue',
    notFound: 'Cette page n’existe pas, ou elle ne vous est pas accessible.',
    generic: 'Réessayez dans un instant. Si le problème continue, contactez votre CAF.',
    home: 'Revenir à l’accueil',
  },
  registration: {
    locked: {
      title: 'Ces informations ne peuvent pas être modifiées pour le moment',
      examined:
        'Votre dossier est entre les mains de la CAF. Vous pouvez le relire ; si une correction est nécessaire, la CAF vous le demandera par courriel et ces champs redeviendront modifiables.',
      active:
        'Votre inscription est validée. Vos informations se modifient désormais depuis votre profil publié.',
      rejected: 'Votre demande a été refusée : ce dossier ne peut plus être modifié.',
      toProfile: 'Modifier mon profil publié',
      toCase: 'Revenir à mon dossier',
    },
  },
  form: {
    errorSummary: 'Certains champs sont à corriger :',
    required: 'Les champs marqués d’un astérisque (*) sont obligatoires.',
    save: 'Enregistrer et continuer',
    back: 'Étape précédente',
    saved: 'Enregistré.',
  },
} as const;

type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : T extends readonly (infer U)[]
      ? readonly Widen<U>[]
      : { [K in keyof T]: Widen<T[K]> };

/** The shape every language file must have. */
export type Messages = Widen<typeof fr>;
