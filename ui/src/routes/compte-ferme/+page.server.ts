import type { PageServerLoad } from './$types';
import { CLOSURE_NOTICE_COOKIE } from '#lib/server/closure-notice.ts';

/** What was kept of her data and why, read once from the closure's cookie. */
export const load: PageServerLoad = ({ cookies }) => {
  const notice = cookies.get(CLOSURE_NOTICE_COOKIE);
  cookies.delete(CLOSURE_NOTICE_COOKIE, { path: '/compte-ferme' });
  let explanation: string[] = [];
  try {
    const parsed: unknown = notice ? JSON.parse(notice) : [];
    if (Array.isArray(parsed))
      explanation = parsed.filter((line): line is string => typeof line === 'string');
  } catch {
    explanation = [];
  }
  return { explanation };
};
