import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { DEV_MAILBOX_URL } from '#lib/server/config.ts';

interface CaughtMail {
  id: number;
  to: string[];
  subject: string;
  text: string;
  receivedAt: string;
}

/** The newest emails shown: enough to follow a link, not a page that grows without end. */
const SHOWN = 30;

/** Embedded stack only: the emails caught by the SMTP catcher, so that a visitor can follow their links. */
export const load: PageServerLoad = async () => {
  if (!DEV_MAILBOX_URL) error(404, 'Page disponible seulement sur la pile de démonstration.');
  const response = await fetch(`${DEV_MAILBOX_URL}/messages`);
  const messages = (await response.json()) as CaughtMail[];
  return { messages: messages.slice(0, SHOWN), total: messages.length };
};
