/**
 * The account emails: address verification, password reset, staff invitation. Sent by the API at
 * once (they answer a person's action, nothing to orchestrate); a failure is logged without the
 * address and she can ask again.
 */
import { LINK_LIFETIME_MS, ROLE_LABELS } from '../../domain/accounts.ts';
import type { Role } from '../../domain/case-rules.ts';
import type { Mailer } from '../../infra/mailer.ts';
import { log } from '../../infra/log.ts';

const signature =
  '\n\nLe registre des assistantes maternelles\n(courriel automatique, merci de ne pas y répondre)';

const hours = (ms: number) => Math.round(ms / 3600_000);
const minutes = (ms: number) => Math.round(ms / 60_000);

export type AccountMail =
  | { kind: 'email_verification'; link: string }
  | { kind: 'password_reset'; link: string }
  | { kind: 'signup_attempt'; signInLink: string; resetLink: string }
  | { kind: 'invitation'; link: string; role: Role; invitedBy: string };

function render(mail: AccountMail): { subject: string; text: string } {
  switch (mail.kind) {
    case 'email_verification':
      return {
        subject: 'Confirmez votre adresse électronique',
        text:
          `Bonjour,\n\nPour confirmer l’adresse électronique de votre compte, ouvrez ce lien ` +
          `(valable ${hours(LINK_LIFETIME_MS.email_verification)} heures) :\n${mail.link}\n\n` +
          `Si vous n’avez pas créé de compte sur le registre, ignorez ce message.${signature}`,
      };
    case 'password_reset':
      return {
        subject: 'Réinitialisation de votre mot de passe',
        text:
          `Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien ` +
          `(valable ${minutes(LINK_LIFETIME_MS.password_reset)} minutes, une seule fois) :\n${mail.link}\n\n` +
          `Vos sessions ouvertes seront fermées. Si vous n’avez rien demandé, ignorez ce message : ` +
          `votre mot de passe ne change pas.${signature}`,
      };
    case 'signup_attempt':
      return {
        subject: 'Une inscription a été tentée avec votre adresse',
        text:
          `Bonjour,\n\nQuelqu’un vient de demander la création d’un compte avec cette adresse électronique, ` +
          `qui a déjà un compte sur le registre : aucun nouveau compte n’a été créé.\n\n` +
          `Si c’était vous, connectez-vous :\n${mail.signInLink}\n\n` +
          `Mot de passe oublié ? Choisissez-en un nouveau :\n${mail.resetLink}\n\n` +
          `Si ce n’était pas vous, ignorez ce message : votre compte ne change pas.${signature}`,
      };
    case 'invitation':
      return {
        subject: 'Votre compte d’agent sur le registre des assistantes maternelles',
        text:
          `Bonjour,\n\n${mail.invitedBy} vous a créé un compte (${ROLE_LABELS[mail.role].toLowerCase()}). ` +
          `Pour l’activer, choisissez votre mot de passe et enregistrez la double authentification ` +
          `dans une application d’authentification (lien valable ${hours(LINK_LIFETIME_MS.invitation) / 24} jours) :\n` +
          `${mail.link}${signature}`,
      };
  }
}

/** Sends an account email; never throws (the person can ask for it again). */
export async function sendAccountMail(mailer: Mailer, to: string, mail: AccountMail): Promise<boolean> {
  try {
    await mailer.send({ to, ...render(mail) });
    return true;
  } catch (error) {
    log('error', 'courriel de compte non envoyé', { kind: mail.kind, error: (error as Error).message });
    return false;
  }
}
