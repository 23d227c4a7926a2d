/** The banner `npm start` prints once everything answers: where to go, who to sign in as. */
import { paint } from './children.ts';
import { DEMO_PASSWORD, type DemoAccount } from './demo-accounts.ts';
import { NAMED_PEOPLE } from './sngi-people.ts';

export interface BannerInfo {
  uiUrl: string | null;
  apiUrl: string;
  temporalUiUrl: string | null;
  temporalSource: string;
  mailboxUrl: string | null;
  dataDir: string;
  accounts: DemoAccount[];
  /** Name of the demo identity's birth commune, when the reference data knows it. */
  birthCommune: string | undefined;
  /** Demo childminders published for parents, by city. */
  demoProfiles: Record<string, number>;
  seconds: number;
  /** What is ready, when it is not the embedded stack (`npm run start:cluster`). */
  stackName?: string;
}

/** 285036938311242 → 2 85 03 69 383 112 42, the way it is printed on a carte Vitale. */
function formatNir(nir: string): string {
  return [
    nir.slice(0, 1),
    nir.slice(1, 3),
    nir.slice(3, 5),
    nir.slice(5, 7),
    nir.slice(7, 10),
    nir.slice(10, 13),
    nir.slice(13),
  ].join(' ');
}

function frenchDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}/${month}/${year}`;
}

export function printBanner(info: BannerInfo): void {
  const bold = (text: string) => paint(1, text);
  const row = (label: string, value: string) => `  ${label.padEnd(22)} ${value}`;
  const camille = NAMED_PEOPLE.camille;
  const lines = [
    '',
    bold(
      `Registre des assistantes maternelles : ${info.stackName ?? 'pile locale'} prête en ${info.seconds.toFixed(1)} s`,
    ),
    '',
    row('Interface', info.uiUrl ?? "(non démarrée : pas encore d'interface dans ui/)"),
    row('API', `${info.apiUrl}  (OpenAPI : ${info.apiUrl}/api/openapi.json)`),
    row('Temporal Web UI', info.temporalUiUrl ?? '(serveur Temporal externe)'),
    row(
      'Boîte mail de dev',
      info.mailboxUrl
        ? info.uiUrl
          ? `${info.uiUrl}/boite-de-reception`
          : `${info.mailboxUrl}/messages`
        : '(SMTP externe)',
    ),
    row('Temporal', info.temporalSource),
    row('Données', info.dataDir),
    '',
  ];
  if (info.accounts.length > 0) {
    lines.push(bold(`Comptes de démonstration (mot de passe commun : ${DEMO_PASSWORD})`));
    const width = Math.max(...info.accounts.map((account) => account.email.length));
    for (const account of info.accounts) {
      const offices = account.officeId ? [account.officeId] : (account.supervisedOfficeIds ?? []);
      const office = offices.length
        ? `  ${offices.length > 1 ? 'bureaux' : 'bureau'} ${offices.join(', ')}`
        : '';
      lines.push(`  ${account.email.padEnd(width)}  ${account.label}${office}`);
    }
    if (info.accounts.some((account) => account.totpSecret)) {
      lines.push(
        '  Les agents se connectent en deux étapes : mot de passe, puis code à 6 chiffres.',
        info.uiUrl
          ? `  Codes du moment : ${info.uiUrl}/codes-demo (ou ajoutez les secrets de stack/demo-account-list.ts à une application d'authentification).`
          : "  Secrets TOTP des comptes d'agents : stack/demo-account-list.ts (à ajouter à une application d'authentification).",
      );
    }
    const cities = Object.entries(info.demoProfiles);
    if (cities.length && info.uiUrl) {
      lines.push(
        '',
        bold('Parents : trouver une assistante maternelle'),
        `  ${info.uiUrl}/recherche — ${cities.map(([city, n]) => `${n} autour de ${city}`).join(', ')}`,
        `  Elles se connectent en am.<ville>.<n>@demo.registre-assmat.fr (ex. am.lyon.0@demo.registre-assmat.fr) pour répondre.`,
      );
    }
  } else {
    lines.push('Comptes de démonstration désactivés (DEMO_ACCOUNTS=off).');
  }
  lines.push(
    '',
    bold('Identité reconnue « certifiée » par le simulateur SNGI'),
    row('Nom de naissance', camille.birthName),
    row('Prénoms', camille.firstNames.join(' ')),
    row('Sexe', camille.sex === 'F' ? 'féminin' : 'masculin'),
    row('Date de naissance', frenchDate(camille.birthDate)),
    row(
      'Commune de naissance',
      `${camille.birthPlaceCode}${info.birthCommune ? ` (${info.birthCommune})` : ''}`,
    ),
    row('NIR', formatNir(camille.nir)),
    '',
    "Ctrl-C arrête tout (un second Ctrl-C force l'arrêt).",
    '',
  );
  console.log(lines.join('\n'));
}
