/** French texts — the pages every State service carries: accessibility, legal notice, personal data, site map. */
const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

export const legal = {
  accessibility: {
    title: 'Déclaration d’accessibilité',
    commitment:
      'La Caisse nationale des allocations familiales (Cnaf) s’engage à rendre ses services numériques accessibles, conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005.',
    scope: 'Cette déclaration s’applique au Registre des assistantes maternelles.',
    stateTitle: 'État de conformité',
    state: (version: string) =>
      `Le Registre des assistantes maternelles est non conforme avec le référentiel général d’amélioration de l’accessibilité (RGAA), version ${version} : il n’a pas encore fait l’objet d’un audit de conformité complet, et le RGAA ne permet de se dire conforme, même partiellement, qu’après un tel audit.`,
    resultsTitle: 'Résultats des tests',
    resultsLead:
      'Les chiffres ci-dessous sont produits par les tests automatisés du service, à chaque version, et non écrits à la main : ils sont ceux de la version que vous consultez.',
    pagesChecked: (pages: number, checks: number, widths: string) =>
      `${plural(pages, 'page vérifiée', 'pages vérifiées')}, chacune sur un écran de ${widths} px de large (${plural(checks, 'vérification', 'vérifications')} au total, une page pouvant être vérifiée dans plusieurs états).`,
    criteria: (tested: number, total: number, failed: number) =>
      `${plural(tested, 'critère', 'critères')} du RGAA sur ${total} en partie vérifié${tested > 1 ? 's' : ''} automatiquement (axe-core) : ${failed === 0 ? 'aucun n’est en défaut sur les pages vérifiées' : `${plural(failed, 'critère en défaut', 'critères en défaut')}`}. Les autres critères, et les autres tests de ces critères, demandent un examen humain.`,
    axeRules: (applicable: number, failed: number) =>
      `${plural(applicable, 'règle', 'règles')} axe-core (WCAG 2.1, niveaux A et AA) applicable${applicable > 1 ? 's' : ''} aux pages vérifiées : ${failed === 0 ? 'toutes respectées' : `${plural(failed, 'en défaut', 'en défaut')}`}.`,
    layout: (failures: number) =>
      `Contrôles de mise en page propres au service (pas de défilement horizontal, rien sous le pied de page, menu de l’en-tête joignable sur mobile, aucun texte coupé, cibles d’au moins 24 × 24 pixels, aucun code ni date technique affichés) : ${failures === 0 ? 'aucun défaut' : plural(failures, 'défaut', 'défauts')}.`,
    criteriaCaption: 'Critères du RGAA vérifiés automatiquement, par thématique',
    theme: 'Thématique',
    criterion: 'Critère',
    result: 'Résultat',
    rules: 'Règles axe-core',
    noResults:
      'Aucun résultat de test n’accompagne cette version : lancez les tests du service pour produire ces chiffres.',
    nonConformTitle: 'Contenus non accessibles',
    knownTitle: 'Non-conformités connues',
    known: [
      'Les copies d’agrément envoyées par les assistantes maternelles sont des images ou des PDF numérisés : leur texte n’est pas restitué aux agents qui utilisent un lecteur d’écran (critères 1.3 et 13.3). Les informations de l’agrément sont saisies dans le formulaire, qui les restitue.',
      'Le code de connexion des agents change toutes les 30 secondes, un délai que l’utilisateur ne peut pas prolonger (critère 13.1) ; un nouveau code est accepté aussitôt saisi.',
      'Les pages d’un document PDF sont dessinées dans des images pour les agents ; chacune a une alternative textuelle qui la situe (« Page 1 sur 2 de … ») sans en restituer le contenu, disponible en ouvrant l’original (critère 1.3).',
      'Ni la navigation au clavier complète, ni la restitution par les lecteurs d’écran, ni l’agrandissement du texte à 200 % n’ont encore été vérifiés par un examen humain.',
    ],
    exemptTitle: 'Contenus non soumis à l’obligation d’accessibilité',
    exempt:
      'Les documents envoyés par les assistantes maternelles (copies de leur agrément) sont des contenus de tiers, ni financés ni développés par la Cnaf.',
    methodTitle: 'Établissement de cette déclaration',
    method: (axe: string) =>
      `Les chiffres de cette déclaration viennent des tests du service : chaque page parcourue par les tests du navigateur (Chromium) est vérifiée avec axe-core ${axe} et par les contrôles de mise en page du service, à 390 et 1 280 pixels de large. Technologies utilisées : HTML, CSS (système de design de l’État), JavaScript, WAI-ARIA, SVG.`,
    pagesTitle: 'Pages vérifiées',
    feedbackTitle: 'Retour d’information et contact',
    feedback:
      'Si vous n’arrivez pas à accéder à un contenu ou à un service, contactez votre CAF (caf.fr, rubrique « Contact ») : elle vous orientera vers une alternative accessible ou vous transmettra le contenu sous une autre forme.',
    remedyTitle: 'Voies de recours',
    remedy:
      'Si vous nous avez signalé un défaut d’accessibilité qui vous empêche d’accéder à un contenu ou à un service et que vous n’avez pas obtenu de réponse satisfaisante, vous pouvez saisir le Défenseur des droits : par son formulaire en ligne (defenseurdesdroits.fr), par un de ses délégués dans votre région, ou par courrier gratuit, sans affranchissement : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.',
  },
  notice: {
    title: 'Mentions légales',
    publisherTitle: 'Éditeur',
    publisher:
      'Caisse nationale des allocations familiales (Cnaf), établissement public national à caractère administratif, 32 avenue de la Sibelle, 75685 Paris Cedex 14.',
    directorTitle: 'Directeur de la publication',
    director: 'Le directeur général de la Cnaf.',
    hostingTitle: 'Hébergement',
    licenceTitle: 'Réutilisation des contenus',
    licence:
      'Sauf mention contraire, les textes de ce site sont proposés sous licence Etalab 2.0 (licence ouverte) : vous pouvez les réutiliser en citant leur source. Les données publiées sur les assistantes maternelles ne sont réutilisables que pour les contacter en vue de la garde d’un enfant.',
    designTitle: 'Conception',
    design:
      'Ce site utilise le système de design de l’État (DSFR). La marque de l’État (Marianne) est réservée aux services de l’État et de ses opérateurs.',
    linksTitle: 'Liens',
    links:
      'Les liens vers d’autres sites s’ouvrent dans une nouvelle fenêtre ; la Cnaf n’est pas responsable de leur contenu.',
    securityTitle: 'Sécurité',
    security:
      'Le service ne vous demandera jamais votre mot de passe par courriel ou par téléphone. Si vous constatez une faille, signalez-la à votre CAF.',
    moreTitle: 'Voir aussi',
  },
  privacy: {
    title: 'Données personnelles',
    lead: 'Ce que le Registre des assistantes maternelles fait de vos données, pourquoi, combien de temps, et comment exercer vos droits.',
    controllerTitle: 'Qui est responsable',
    controller:
      'La Caisse nationale des allocations familiales (Cnaf), 32 avenue de la Sibelle, 75685 Paris Cedex 14, avec la CAF chargée de vérifier les dossiers de votre département.',
    purposeTitle: 'Pourquoi',
    purposes: [
      'Vous inscrire au registre des assistantes maternelles agréées et vérifier votre identité et votre agrément.',
      'Publier, pour les parents qui cherchent une assistante maternelle, les informations nécessaires pour vous contacter (article R. 421-39 du Code de l’action sociale et des familles), selon vos choix.',
      'Vous rappeler de déclarer vos disponibilités et suivre les délais de traitement des dossiers.',
    ],
    basis:
      'Ces traitements relèvent de la mission de service public confiée à la branche Famille (article 6.1.e du règlement général sur la protection des données).',
    dataTitle: 'Quelles données',
    data: [
      'Votre compte : nom, adresse électronique, mot de passe (enregistré sous une forme qui ne permet pas de le retrouver).',
      'Votre identité : noms, prénoms, sexe, date et lieu de naissance, numéro de sécurité sociale (NIR).',
      'Votre agrément : numéro, dates, capacité d’accueil, lieu d’exercice, et la copie de l’attestation que vous envoyez.',
      'Vos coordonnées, ce que vous choisissez de publier, et vos disponibilités.',
      'Les messages de la CAF sur votre dossier, et le journal des actions (qui a fait quoi, et quand).',
      'Pour protéger votre compte : les tentatives de connexion échouées et l’adresse IP d’où elles viennent.',
    ],
    publishedTitle: 'Ce que voient les parents',
    published:
      'Votre nom et votre commune, toujours ; votre adresse, votre téléphone et votre courriel selon vos choix (la loi impose qu’un moyen de contact au moins reste public, et l’adresse d’une MAM l’est toujours) ; vos disponibilités. Jamais votre date de naissance, votre NIR ni votre agrément.',
    recipientsTitle: 'Qui y a accès',
    recipients: [
      'Les agents de la CAF chargée de votre département, pour vérifier votre dossier, et leurs superviseurs.',
      'Le répertoire national d’identification (SNGI, géré par la Caisse nationale d’assurance vieillesse), qui reçoit votre identité et votre NIR pour les vérifier.',
      'Les parents, pour ce que vous publiez seulement.',
    ],
    retentionTitle: 'Combien de temps',
    retentionCaption: 'Durées de conservation',
    retentionData: 'Données',
    retentionPeriod: 'Durée',
    rightsTitle: 'Vos droits',
    rights:
      'Vous pouvez accéder à vos données, les faire rectifier (la plupart directement depuis votre profil), en demander la limitation, et vous opposer à leur traitement pour des raisons tenant à votre situation particulière, sauf pour ce que la loi impose (la publication de votre nom est une condition de l’agrément).',
    exerciseTitle: 'Comment les exercer',
    exercise:
      'Écrivez au délégué à la protection des données de la Cnaf, 32 avenue de la Sibelle, 75685 Paris Cedex 14, ou à votre CAF (caf.fr, rubrique « Contact »), en précisant votre nom et votre adresse électronique. Une réponse vous est donnée dans un délai d’un mois. Si elle ne vous satisfait pas, vous pouvez adresser une réclamation à la CNIL (cnil.fr, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07).',
    cookiesTitle: 'Cookies',
    cookies:
      'Le service ne dépose aucun cookie de mesure d’audience ni de publicité, et ne demande donc pas votre consentement. Il ne dépose que les cookies nécessaires à son fonctionnement : votre session de connexion, l’étape du code des agents, et, si votre session expire pendant une saisie, ce que vous aviez saisi (chiffré, pour une demi-heure), avec le compte à qui le rendre.',
  },
  siteMap: {
    title: 'Plan du site',
    lead: 'Toutes les pages du service, par public.',
  },
};
