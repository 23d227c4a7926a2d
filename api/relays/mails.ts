/**
 * The emails of relays' help, queued in the outbox (infra/outbox.ts): she and the relay are told of
 * each consent given or withdrawn, she is told of each action a relay made for her.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { enqueueMail, stableMessageId } from '../../infra/outbox.ts';

const signature =
  '\n\nLe registre des assistantes maternelles\n(courriel automatique, merci de ne pas y répondre)';

export type RelayMail =
  | { kind: 'relay_consent_granted' | 'relay_consent_withdrawn'; relayName: string; childminderName: string }
  | { kind: 'relay_acted'; relayName: string; what: string; pageUrl: string }
  | { kind: 'relay_consent_requested'; relayName: string; pageUrl: string };

function render(mail: RelayMail, to: 'childminder' | 'relay'): { subject: string; text: string } {
  switch (mail.kind) {
    case 'relay_consent_granted':
      return to === 'childminder'
        ? {
            subject: `Vous avez autorisé le ${mail.relayName} à vous aider`,
            text: `Bonjour,\n\nVous avez autorisé le ${mail.relayName} à vous aider sur le registre : il voit l’état de votre inscription, vos disponibilités et vos coordonnées, et peut déclarer vos disponibilités ou modifier vos coordonnées pour vous. Il ne voit jamais votre numéro de sécurité sociale ni vos documents.\n\nVous pouvez retirer cet accord à tout moment depuis votre espace, page « Mon relais ».${signature}`,
          }
        : {
            subject: `${mail.childminderName} autorise votre relais à l’aider`,
            text: `Bonjour,\n\n${mail.childminderName} a autorisé le ${mail.relayName} à l’aider sur le registre. Elle figure désormais dans la liste de votre relais.${signature}`,
          };
    case 'relay_consent_withdrawn':
      return to === 'childminder'
        ? {
            subject: `Vous avez retiré votre accord au ${mail.relayName}`,
            text: `Bonjour,\n\nVous avez retiré votre accord au ${mail.relayName} : il ne voit plus votre dossier et ne peut plus agir pour vous.${signature}`,
          }
        : {
            subject: `${mail.childminderName} a retiré son accord à votre relais`,
            text: `Bonjour,\n\n${mail.childminderName} a retiré son accord au ${mail.relayName} : votre relais ne voit plus son dossier.${signature}`,
          };
    case 'relay_acted':
      return {
        subject: `Le ${mail.relayName} a agi pour votre compte`,
        text: `Bonjour,\n\nLe ${mail.relayName} a fait pour votre compte : ${mail.what}.\n\nVous le voyez dans votre historique :\n${mail.pageUrl}\n\nSi vous n’étiez pas d’accord, retirez votre accord au relais depuis votre espace, page « Mon relais ».${signature}`,
      };
    case 'relay_consent_requested':
      return {
        subject: `Le ${mail.relayName} vous propose son aide`,
        text: `Bonjour,\n\nLe ${mail.relayName} vous propose de vous aider sur le registre (déclarer vos disponibilités, mettre à jour vos coordonnées). Si vous le souhaitez, donnez votre accord depuis votre espace :\n${mail.pageUrl}\n\nSinon, ignorez ce message : le relais ne voit rien de votre dossier sans votre accord.${signature}`,
      };
  }
}

/** Queues one relay email (each fact its own message). */
export async function queueRelayMail(
  db: Knex,
  to: { email: string; audience: 'childminder' | 'relay'; registrationId: string },
  mail: RelayMail,
): Promise<void> {
  const id = `relay.${mail.kind}.${to.audience}.${randomUUID()}`;
  await enqueueMail(db, {
    dedupeKey: id,
    messageId: stableMessageId(id),
    to: to.email,
    kind: mail.kind,
    registrationId: to.registrationId,
    ...render(mail, to.audience),
  });
}
