/**
 * Emails to staff: deadline reminders to the holder or the office, escalations to supervisors.
 * The workflow passes ids only; addresses are read here. Each (case, alert, due date) is queued in
 * the outbox once, even if the activity is retried or the case comes back with the same due date:
 * the wait for a decision never waits for SMTP.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { DeadlineAlert } from '../domain/moderation-policy.ts';
import type { Db } from '../infra/db.ts';
import { enqueueMail, stableMessageId } from '../infra/outbox.ts';
import type { ActivityDeps } from './index.ts';

export interface DeadlineAlertRequest {
  workflowId: string;
  alert: DeadlineAlert;
  dueAt: string;
  officeId: string | null;
  holderId: string | null;
}

export interface DeadlineAlertOutcome {
  /** False when this alert was already queued for this due date. */
  sent: boolean;
  to: 'holder' | 'office' | 'supervisors';
  recipients: number;
}

const signature =
  '\n\nLe registre des assistantes maternelles\n(courriel automatique, merci de ne pas y répondre)';
const dateFormat = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'full',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

/** Who hears of an alert: the holder, else the office's moderators; the supervisors after the due date. */
async function recipientsOf(
  db: Db,
  request: DeadlineAlertRequest,
): Promise<{ to: DeadlineAlertOutcome['to']; emails: string[] }> {
  if (request.alert === 'escalation') {
    const supervisors = db('users as u')
      .where('u.role', 'supervisor')
      .whereNull('u.deactivated_at')
      .andWhere((q) =>
        q
          .where('u.national', true)
          .orWhereExists(
            db('supervisor_offices as so')
              .whereRaw('so.user_id = u.id')
              .andWhere('so.office_id', request.officeId),
          ),
      );
    return { to: 'supervisors', emails: await supervisors.pluck('u.email') };
  }
  if (request.holderId) {
    const holder = await db('users')
      .where({ id: request.holderId, role: 'moderator', office_id: request.officeId })
      .first('email');
    if (holder) return { to: 'holder', emails: [holder.email] };
  }
  if (!request.officeId) return { to: 'office', emails: [] };
  return {
    to: 'office',
    emails: await db('users')
      .where({ role: 'moderator', office_id: request.officeId })
      .whereNull('deactivated_at')
      .pluck('email'),
  };
}

function render(alert: DeadlineAlert, dueAt: string, caseUrl: string): { subject: string; text: string } {
  const due = dateFormat.format(new Date(dueAt));
  return alert === 'reminder'
    ? {
        subject: 'Rappel : un dossier arrive à échéance',
        text: `Bonjour,\n\nUn dossier d’inscription de votre CAF doit être traité avant le ${due}.\n\nOuvrir le dossier : ${caseUrl}${signature}`,
      }
    : {
        subject: 'Échéance dépassée : un dossier attend une décision',
        text: `Bonjour,\n\nUn dossier d’inscription n’a pas été traité dans le délai cible de sa CAF (échéance : ${due}). Vous pouvez le confier à une modératrice ou le transférer à une autre CAF.\n\nOuvrir le dossier : ${caseUrl}${signature}`,
      };
}

export function staffNotificationActivities(deps: ActivityDeps) {
  const { db, publicUrl } = deps;
  return {
    /** Queues a deadline reminder or escalation for a case, once per due date. */
    async alertStaffOfDeadline(request: DeadlineAlertRequest): Promise<DeadlineAlertOutcome> {
      const kase = await db('cases').where({ workflow_id: request.workflowId }).first('registration_id');
      if (!kase)
        throw ApplicationFailure.retryable(
          `Dossier introuvable pour ${request.workflowId}`,
          'case_not_found',
        );
      const registrationId: string = kase.registration_id;
      const key = `${request.alert}:${request.dueAt}`;
      const { to, emails } = await recipientsOf(db, request);

      return db.transaction(async (trx) => {
        await trx('staff_notifications')
          .insert({
            registration_id: registrationId,
            key,
            kind: request.alert === 'reminder' ? 'deadline_reminder' : 'deadline_escalation',
          })
          .onConflict(['registration_id', 'key'])
          .ignore();
        const row = await trx('staff_notifications')
          .where({ registration_id: registrationId, key })
          .forUpdate()
          .first();
        if (row.sent_at) return { sent: false, to, recipients: row.recipients };

        const { subject, text } = render(
          request.alert,
          request.dueAt,
          `${publicUrl}/moderation/dossiers/${registrationId}`,
        );
        for (const [index, email] of emails.entries()) {
          const id = `${registrationId}.${key}.${index}`;
          await enqueueMail(trx, {
            dedupeKey: `staff:${id}`,
            messageId: stableMessageId(id),
            to: email,
            subject,
            text,
            kind: row.kind,
            registrationId,
          });
        }
        // `sent_at`: handed to the outbox, which delivers it.
        await trx('staff_notifications')
          .where({ registration_id: registrationId, key })
          .update({ sent_at: trx.fn.now(), recipients: emails.length });
        return { sent: true, to, recipients: emails.length };
      });
    },
  };
}
