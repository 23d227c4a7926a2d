/**
 * The emails of a contact request, and the one function that sends them (`sendContactMail`): each
 * (request, key) queued once in the outbox (infra/outbox.ts), which the worker's drainer sends.
 */
import { AGE_GROUPS, WEEKDAYS, type AgeGroup, type Weekday } from '../domain/availability.ts';
import {
  CONTACT_CHANNELS,
  DECLINE_REASONS,
  type ContactChannel,
  type DeclineReason,
} from '../domain/contact-requests.ts';
import type { Db } from '../infra/db.ts';
import { enqueueMail, stableMessageId } from '../infra/outbox.ts';

const signature =
  '\n\nLe registre des assistantes maternelles — service public gratuit\n(courriel automatique, merci de ne pas y répondre)';
const dateFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });

/** The request as the emails need it (read by the activity, never carried by the workflow). */
export interface RequestFacts {
  childminderName: string;
  parentName: string;
  ageGroup: AgeGroup;
  startDate: string;
  days: Weekday[];
  hoursFrom: string | null;
  hoursTo: string | null;
  message: string;
  expiresAt: Date | null;
  answer: {
    kind: 'accept' | 'decline';
    channel: ContactChannel | null;
    contact: string | null;
    message: string | null;
    reason: DeclineReason | null;
  } | null;
}

export type ContactMail =
  | { kind: 'verification'; link: string }
  | { kind: 'delivered_parent'; link: string }
  | { kind: 'new_request'; link: string }
  | { kind: 'reminder'; link: string }
  | { kind: 'answer'; link: string }
  | { kind: 'expired'; link: string };

function need(facts: RequestFacts): string {
  const days = facts.days.map((d) => WEEKDAYS[d].toLowerCase()).join(', ');
  const hours = facts.hoursFrom && facts.hoursTo ? `, de ${facts.hoursFrom} à ${facts.hoursTo}` : '';
  return `${AGE_GROUPS[facts.ageGroup]}, à partir du ${dateFormat.format(new Date(facts.startDate))}, le ${days}${hours}`;
}

/** Subject and text of each email. */
export function renderContactMail(mail: ContactMail, facts: RequestFacts): { subject: string; text: string } {
  switch (mail.kind) {
    case 'verification':
      return {
        subject: 'Confirmez votre demande de contact',
        text:
          `Bonjour ${facts.parentName},\n\nPour que votre demande soit transmise à ${facts.childminderName}, ` +
          `confirmez votre adresse électronique en ouvrant ce lien :\n${mail.link}\n\n` +
          `Ce même lien vous permettra de suivre votre demande et de lire sa réponse.\n` +
          `Si vous n’avez rien demandé, ignorez ce message : rien ne sera transmis.${signature}`,
      };
    case 'delivered_parent':
      return {
        subject: `Votre demande a été transmise à ${facts.childminderName}`,
        text:
          `Bonjour ${facts.parentName},\n\nVotre demande a été transmise à ${facts.childminderName}. ` +
          `Vous recevrez sa réponse par courriel ; vous pouvez aussi la suivre ici :\n${mail.link}${signature}`,
      };
    case 'new_request':
      return {
        subject: 'Un parent vous contacte',
        text:
          `Bonjour ${facts.childminderName},\n\n${facts.parentName} cherche un accueil : ${need(facts)}.\n\n` +
          `Son message :\n${facts.message}\n\nRépondez-lui (ou déclinez) depuis votre espace :\n${mail.link}` +
          (facts.expiresAt
            ? `\n\nSans réponse avant le ${dateFormat.format(facts.expiresAt)}, la demande expirera.`
            : '') +
          signature,
      };
    case 'reminder':
      return {
        subject: 'Un parent attend votre réponse',
        text:
          `Bonjour ${facts.childminderName},\n\n${facts.parentName} attend votre réponse à sa demande (${need(facts)}).` +
          `\n\nMême pour décliner, un clic suffit :\n${mail.link}` +
          (facts.expiresAt ? `\n\nLa demande expirera le ${dateFormat.format(facts.expiresAt)}.` : '') +
          signature,
      };
    case 'answer': {
      const answer = facts.answer!;
      const body =
        answer.kind === 'accept'
          ? `${facts.childminderName} accepte d’en parler avec vous. Pour la joindre (${CONTACT_CHANNELS[answer.channel!].toLowerCase()}) : ${answer.contact}\n\nSon message :\n${answer.message}`
          : `${facts.childminderName} ne peut pas donner suite : ${DECLINE_REASONS[answer.reason!].toLowerCase()}.` +
            (answer.message ? `\n\nSon message :\n${answer.message}` : '') +
            `\n\nD’autres assistantes maternelles ont peut-être une place : relancez une recherche.`;
      return {
        subject: `Réponse de ${facts.childminderName}`,
        text: `Bonjour ${facts.parentName},\n\n${body}\n\nVotre demande : ${mail.link}${signature}`,
      };
    }
    case 'expired':
      return {
        subject: 'Votre demande est restée sans réponse',
        text:
          `Bonjour ${facts.parentName},\n\n${facts.childminderName} n’a pas pu répondre à votre demande dans le délai. ` +
          `D’autres assistantes maternelles ont peut-être une place : relancez une recherche. ` +
          `Le relais petite enfance (RPE) de votre secteur peut aussi vous aider.\n\nVotre demande : ${mail.link}${signature}`,
      };
  }
}

/**
 * Sends one email of a request, once: the (request, key) row is claimed first; a retry after the
 * claim but before `sent_at` sends again (at-least-once, with a stable Message-ID).
 */
export async function sendContactMail(
  db: Db,
  requestId: string,
  key: string,
  to: string,
  content: { subject: string; text: string },
): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('contact_request_mails')
      .insert({ request_id: requestId, key })
      .onConflict(['request_id', 'key'])
      .ignore();
    const row = await trx('contact_request_mails').where({ request_id: requestId, key }).first('sent_at');
    if (row?.sent_at) return;
    const dedupeKey = `contact-request:${requestId}:${key}`;
    await enqueueMail(trx, {
      dedupeKey,
      messageId: stableMessageId(dedupeKey),
      to,
      ...content,
      kind: `contact_${key}`,
    });
    // `sent_at` says "handed to the outbox": the drainer sends it as soon as SMTP answers.
    await trx('contact_request_mails')
      .where({ request_id: requestId, key })
      .update({ sent_at: trx.fn.now() });
  });
}

/** Whether an email of this key was already sent (a retried activity must not issue a new link). */
export async function contactMailSent(db: Db, requestId: string, key: string): Promise<boolean> {
  const row = await db('contact_request_mails').where({ request_id: requestId, key }).first('sent_at');
  return Boolean(row?.sent_at);
}
