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

/** Embedded stack only: the emails caught by the SMTP catcher, so that a visitor can follow their links. */
export const load: PageServerLoad = async () => {
  if (!DEV_MAILBOX_URL) error(404, 'Page disponible seulement sur la pile de démonstration.');
  const response = await fetch(`${DEV_MAILBOX_URL}/messages`);
  return { messages: (await response.json()) as CaughtMail[] };
};
