/**
 * The account emails: address verification, password reset, staff invitation. Queued in the outbox
 * (infra/outbox.ts) and sent by the worker's drainer: the request that asks for one answers at once,
 * whether SMTP is up or not, and the email goes out as soon as SMTP answers.
 */
import { randomUUID } from 'node:crypto';
import { LINK_LIFETIME_MS, ROLE_LABELS } from '../../domain/accounts.ts';
import type { Role } from '../../domain/case-rules.ts';
import type { Db } from '../../infra/db.ts';
import { enqueueMail, stableMessageId } from '../../infra/outbox.ts';

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

/** Queues an account email (each request its own message). */
export async function queueAccountMail(db: Db, to: string, mail: AccountMail): Promise<void> {
  const id = `account.${mail.kind}.${randomUUID()}`;
  await enqueueMail(db, {
    dedupeKey: id,
    messageId: stableMessageId(id),
    to,
    kind: mail.kind,
    ...render(mail),
  });
}
