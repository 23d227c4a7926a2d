/** The emails that tell her what a département notified about her agrément, and what it means for her profile. */
import type { NotificationTemplate } from './types.ts';

export type AgrementTemplate = Extract<NotificationTemplate, `agrement_${string}`>;

// Days start at midnight UTC (domain/agrement-notifications.ts): read in UTC, a day is that day.
const dayFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' });

/** Her last day of suspension: the end is exclusive (the start of the day she is back). */
function lastDay(until: string | undefined): string {
  return until ? dayFormat.format(new Date(Date.parse(until) - 1)) : 'la date de fin indiquée';
}
const day = (at: string | undefined) => (at ? dayFormat.format(new Date(at)) : 'la date indiquée');

export function isAgrementTemplate(template: NotificationTemplate): template is AgrementTemplate {
  return template.startsWith('agrement_');
}

/** Her declared places beside her agrément's capacity now, when a modification left them above it. */
export interface PlacesBeyond {
  declared: number;
  capacity: number;
  /** What parents see of them now (domain/agrement.ts placesWithinAgrement). */
  visible: number;
}

const children = (n: number) => `${n} enfant${n > 1 ? 's' : ''}`;
const places = (n: number) => `${n} place${n > 1 ? 's' : ''}`;

/** A modification that lowered her capacity below her declared places: what changed, and what to do. */
function capacityLoweredMail(beyond: PlacesBeyond, urls: { profile: string }, signature: string) {
  return {
    subject: 'Votre agrément a été modifié : mettez à jour vos places disponibles',
    text: `Bonjour,\n\nLe service de PMI de votre département nous a informés d’une modification de votre agrément : il autorise désormais ${children(beyond.capacity)} en même temps. Vous aviez déclaré ${places(beyond.declared)} disponibles, c’est plus que votre nouvel agrément ne le permet. Dès maintenant, les parents ne voient plus que ${places(beyond.visible)} sur votre fiche et dans la recherche, en commençant par les plus jeunes enfants.\n\nDéclarez à nouveau vos disponibilités, dans la limite de ${places(beyond.capacity)}, pour que votre fiche dise exactement ce que vous pouvez proposer : ${urls.profile}${signature}`,
  };
}

export function agrementMail(
  template: AgrementTemplate,
  urls: { status: string; profile: string },
  dates: { from?: string; until?: string },
  signature: string,
  beyond: PlacesBeyond | null = null,
): { subject: string; text: string } {
  switch (template) {
    case 'agrement_suspended':
      return {
        subject: 'Votre agrément est suspendu',
        text: `Bonjour,\n\nLe service de PMI de votre département nous a informés de la suspension de votre agrément du ${day(dates.from)} au ${lastDay(dates.until)} inclus. Pendant cette période, votre fiche n’est plus visible par les parents et vous ne pouvez pas accueillir d’enfants. À la fin de la suspension, votre fiche sera de nouveau publiée telle qu’elle était, sans démarche de votre part.\n\nPour toute question sur cette mesure, contactez le service de PMI de votre département. Le détail est sur votre espace : ${urls.status}${signature}`,
      };
    case 'agrement_suspension_lifted':
      return {
        subject: 'La suspension de votre agrément est levée',
        text: `Bonjour,\n\nLe service de PMI de votre département a levé la suspension de votre agrément à partir du ${day(dates.until)}. Votre fiche est de nouveau visible par les parents : ${urls.profile}${signature}`,
      };
    case 'agrement_suspension_ended':
      return {
        subject: 'La suspension de votre agrément a pris fin',
        text: `Bonjour,\n\nLa suspension de votre agrément a pris fin. Votre fiche est de nouveau visible par les parents, telle qu’elle était. Pensez à vérifier vos disponibilités : ${urls.profile}${signature}`,
      };
    case 'agrement_withdrawn':
      return {
        subject: 'Votre agrément a été retiré',
        text: `Bonjour,\n\nLe service de PMI de votre département nous a informés du retrait de votre agrément à compter du ${day(dates.from)}. À partir de cette date, votre fiche n’est plus publiée. Votre compte reste consultable pendant la durée légale de conservation.\n\nPour toute question sur cette décision, contactez le service de PMI de votre département : ${urls.status}${signature}`,
      };
    case 'agrement_modified':
      if (beyond) return capacityLoweredMail(beyond, urls, signature);
      return {
        subject: 'Votre agrément a été modifié',
        text: `Bonjour,\n\nLe service de PMI de votre département nous a informés d’une modification de votre agrément. Votre fiche publiée suit ces nouvelles données ; vérifiez que vos places déclarées les respectent : ${urls.profile}${signature}`,
      };
    case 'agrement_renewed':
      return {
        subject: 'Votre agrément a été renouvelé',
        text: `Bonjour,\n\nLe service de PMI de votre département nous a informés du renouvellement de votre agrément. Sa nouvelle date d’expiration est enregistrée sur votre profil : ${urls.profile}${signature}`,
      };
    case 'agrement_expiry_reminder':
      return {
        subject: 'Votre agrément arrive à échéance : pensez au renouvellement',
        text: `Bonjour,\n\nVotre agrément est valable jusqu’au ${lastDay(dates.until)} inclus. Pensez au renouvellement auprès du service de PMI de votre département. Dès qu’il nous informe du renouvellement, la nouvelle date est enregistrée ; sans renouvellement, votre fiche ne sera plus visible par les parents après cette date. Le détail est sur votre espace : ${urls.status}${signature}`,
      };
    case 'agrement_expired':
      return {
        subject: 'Votre agrément a expiré',
        text: `Bonjour,\n\nVotre agrément était valable jusqu’au ${lastDay(dates.until)} inclus. Votre fiche n’est plus visible par les parents. Dès que le service de PMI de votre département nous informe de son renouvellement, elle est de nouveau publiée, sans démarche de votre part : ${urls.status}${signature}`,
      };
  }
}
