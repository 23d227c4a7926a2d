/**
 * Emails to the childminder at the moments that matter, queued in the outbox (infra/outbox.ts) in
 * the transaction of the case's transition. Each (registration, key) is queued once, so a retried
 * activity or a restarted worker does not send it twice; the drainer sends it when SMTP answers.
 */
import type { Knex } from 'knex';
import type { Db } from '../infra/db.ts';
import { enqueueMail, stableMessageId } from '../infra/outbox.ts';
import { CORRECTION_REASONS, REJECTION_REASONS, FORM_SECTIONS } from '../domain/decisions.ts';
import type { Notification, NotificationTemplate } from './types.ts';
import { agrementMail, isAgrementTemplate, type PlacesBeyond } from './agrement-mails.ts';
import { placesAboveCapacity, placesWithinAgrement } from '../domain/agrement.ts';
import type { RegistrationData } from '../domain/registration.ts';
import { relaysCovering, workCommuneOf, type RelayRecord } from '../api/relays/records.ts';

interface MessageRow {
  reason_code: string | null;
  body: string;
  fields: string[];
}

const signature =
  '\n\nLe registre des assistantes maternelles\n(courriel automatique, merci de ne pas y répondre)';

const deadlineFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });

/** The day before which she must declare: a deadline instant is midnight at the start of the deadline day. */
function declareBefore(deadline: string | undefined): string {
  return deadline ? deadlineFormat.format(new Date(deadline)) : 'la prochaine échéance';
}

/** Who can help her declare: the relais petite enfance of her commune, by name and contact. */
function relayHelp(relays: RelayRecord[]): string {
  if (relays.length === 0) return '\n\nLe relais petite enfance (RPE) de votre secteur peut vous aider.';
  const lines = relays.map((relay) =>
    [relay.name, `${relay.address}, ${relay.postalCode} ${relay.city}`, relay.phone, relay.email]
      .filter(Boolean)
      .join(' — '),
  );
  return `\n\nVotre relais petite enfance peut vous aider :\n${lines.join('\n')}`;
}

function render(
  template: NotificationTemplate,
  urls: { status: string; profile: string },
  message: MessageRow | null,
  deadline: string | undefined,
  dates: { from?: string; until?: string } = {},
  relays: RelayRecord[] = [],
  beyond: PlacesBeyond | null = null,
): { subject: string; text: string } {
  const statusUrl = urls.status;
  if (isAgrementTemplate(template)) return agrementMail(template, urls, dates, signature, beyond);
  switch (template) {
    case 'submitted':
      return {
        subject: 'Votre demande d’inscription a bien été déposée',
        text: `Bonjour,\n\nNous avons bien reçu votre demande d’inscription. Vous pouvez suivre son avancement ici : ${statusUrl}${signature}`,
      };
    case 'document_reminder':
      return {
        subject: 'Il manque la copie de votre agrément',
        text: `Bonjour,\n\nPour que votre dossier soit examiné, ajoutez une copie de votre attestation d’agrément (PDF, JPEG ou PNG) : ${statusUrl}${signature}`,
      };
    case 'correction_requested': {
      const reason = message?.reason_code
        ? CORRECTION_REASONS[message.reason_code as keyof typeof CORRECTION_REASONS]
        : null;
      const fields = (message?.fields ?? [])
        .map((f) => FORM_SECTIONS[f as keyof typeof FORM_SECTIONS] ?? f)
        .join(', ');
      return {
        subject: 'La CAF vous demande une correction',
        text:
          `Bonjour,\n\nLa CAF qui examine votre dossier vous demande une correction` +
          (reason ? ` (${reason.toLowerCase()})` : '') +
          (fields ? `, sur : ${fields}` : '') +
          `.\n\nSon message :\n${message?.body ?? ''}\n\nCorrigez votre dossier puis déposez-le à nouveau : ${statusUrl}${signature}`,
      };
    }
    case 'approved':
      return {
        subject: 'Votre inscription est validée',
        text: `Bonjour,\n\nVotre inscription est validée : votre fiche est désormais visible par les parents. Vous pouvez la modifier à tout moment : ${statusUrl}${signature}`,
      };
    case 'rejected': {
      const reason = message?.reason_code
        ? REJECTION_REASONS[message.reason_code as keyof typeof REJECTION_REASONS]
        : null;
      return {
        subject: 'Votre demande d’inscription a été refusée',
        text:
          `Bonjour,\n\nVotre demande d’inscription a été refusée` +
          (reason ? ` pour le motif suivant : ${reason.toLowerCase()}` : '') +
          `.\n\n${message?.body ?? ''}\n\nLe détail est sur votre espace : ${statusUrl}${signature}`,
      };
    }
    case 'declaration_reminder':
      return {
        subject: 'Pensez à déclarer vos disponibilités',
        text: `Bonjour,\n\nVous devez déclarer vos disponibilités pour les six prochains mois avant le ${declareBefore(deadline)}. Indiquez vos places, jours et horaires, ou dites en un clic que vous êtes complète ou indisponible : ${urls.profile}${relayHelp(relays)}${signature}`,
      };
    case 'declaration_overdue':
      return {
        subject: 'Votre déclaration de disponibilités est en retard',
        text: `Bonjour,\n\nNous n’avons pas reçu votre déclaration de disponibilités attendue avant le ${declareBefore(deadline)}. Déclarez-les dès maintenant (places, ou « complète », ou « indisponible ») : ${urls.profile}${relayHelp(relays)}${signature}`,
      };
    case 'change_approved':
      return {
        subject: 'Votre modification est validée',
        text: `Bonjour,\n\nLa CAF a validé la modification de votre profil : votre fiche publiée est à jour. ${urls.profile}${signature}`,
      };
    case 'change_refused': {
      const reason = message?.reason_code
        ? (CORRECTION_REASONS[message.reason_code as keyof typeof CORRECTION_REASONS] ??
          REJECTION_REASONS[message.reason_code as keyof typeof REJECTION_REASONS])
        : null;
      return {
        subject: 'Votre modification n’a pas été validée',
        text:
          `Bonjour,\n\nLa CAF n’a pas validé la modification de votre profil` +
          (reason ? ` (${reason.toLowerCase()})` : '') +
          `. Votre fiche reste publiée avec vos informations vérifiées.\n\nSon message :\n${message?.body ?? ''}\n\nVous pouvez proposer à nouveau une modification : ${urls.profile}${signature}`,
      };
    }
  }
}

/** Her declared places, when her agrément's capacity as it stands now is below them. */
function placesBeyond(
  her: Partial<Pick<RegistrationData, 'agrement' | 'availability'>>,
): PlacesBeyond | null {
  if (!her.agrement || !her.availability) return null;
  const above = placesAboveCapacity(her.availability.places, her.agrement.capacity);
  if (!above) return null;
  const visible = placesWithinAgrement(her.availability.places, {
    capacity: her.agrement.capacity,
    capacityException: Boolean(her.agrement.capacityException),
  });
  const { declared, capacity } = above;
  return { declared, capacity, visible: visible.under3 + visible.from3to6 + visible.over6 };
}

/**
 * Queues one notification, once, in the caller's transaction. A key the code before the outbox
 * already sent (its `notifications` row has `sent_at`) is not queued again.
 */
export async function queueNotice(
  trx: Knex | Knex.Transaction,
  publicUrl: string,
  notification: Notification,
) {
  const { registrationId, key, template } = notification;
  await trx('notifications')
    .insert({ registration_id: registrationId, key, template })
    .onConflict(['registration_id', 'key'])
    .ignore();
  const claimed = await trx('notifications').where({ registration_id: registrationId, key }).first('sent_at');
  if (claimed?.sent_at) return;

  const recipient = await trx('registrations as r')
    .join('users as u', 'u.id', 'r.user_id')
    .where('r.id', registrationId)
    .first<
      { email: string; contact: unknown } & Partial<Pick<RegistrationData, 'agrement' | 'availability'>>
    >('u.email', 'r.contact', 'r.agrement', 'r.availability');
  const message = await trx('case_messages')
    .where({ registration_id: registrationId })
    .whereIn('kind', ['correction_request', 'rejection'])
    .orderBy('created_at', 'desc')
    .first<MessageRow | undefined>('reason_code', 'body', 'fields');
  // Her deadline's reminders point her to the relays of her commune, the CAF's first step after a miss.
  const commune = template.startsWith('declaration_') ? workCommuneOf(recipient) : null;
  const relays = commune ? await relaysCovering(trx, commune) : [];
  const { subject, text } = render(
    template,
    { status: `${publicUrl}/mon-dossier`, profile: `${publicUrl}/mon-profil` },
    message ?? null,
    notification.deadline,
    {
      ...(notification.from ? { from: notification.from } : {}),
      ...(notification.until ? { until: notification.until } : {}),
    },
    relays,
    template === 'agrement_modified' ? placesBeyond(recipient) : null,
  );
  await enqueueMail(trx, {
    dedupeKey: `case:${registrationId}:${key}`,
    messageId: stableMessageId(`${registrationId}.${key}`),
    to: recipient.email,
    subject,
    text,
    kind: template,
    registrationId,
  });
}

export function notificationActivities(db: Db, publicUrl: string) {
  return {
    /**
     * Queues one notification email (workflows from before the outbox call it after the transition;
     * newer ones hand the notice to the transition itself).
     */
    async notifyChildminder(notification: Notification): Promise<void> {
      await db.transaction((trx) => queueNotice(trx, publicUrl, notification));
    },
  };
}
