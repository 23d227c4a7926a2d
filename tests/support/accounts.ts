/**
 * Account helpers for tests: the known TOTP secret of staff created by fixtures, codes computed with
 * otpauth as an authenticator app would, and the links of the emails caught by the SMTP catcher.
 */
import { Secret, TOTP as Totp } from 'otpauth';
import { TOTP } from '../../domain/accounts.ts';
import type { Db } from '../../infra/db.ts';
import { waitFor } from '../../stack/wait.ts';

/** Every staff account made by `createUser` shares this secret (base32, 160 bits). */
export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** The code an authenticator app shows for `secret` at `at` (default: now). */
export function totpCode(secret: string, at = Date.now()): string {
  return new Totp({
    algorithm: TOTP.algorithm,
    digits: TOTP.digits,
    period: TOTP.periodSeconds,
    secret: Secret.fromBase32(secret),
  }).generate({ timestamp: at });
}

export const TOTP_PERIOD_MS = TOTP.periodSeconds * 1000;

/** Milliseconds until the next code appears. */
export function untilNextCode(at = Date.now()): number {
  return TOTP_PERIOD_MS - (at % TOTP_PERIOD_MS);
}

export interface CaughtMail {
  subject: string;
  text: string;
  to: string[];
}

/** Waits for an email to `to` whose subject matches, newest first. */
export async function waitForMail(
  mailboxUrl: string,
  to: string,
  subject: RegExp,
  timeoutMs = 10_000,
): Promise<CaughtMail> {
  let found: CaughtMail | undefined;
  await waitFor(`un courriel « ${subject.source} » pour ${to}`, timeoutMs, async () => {
    const response = await fetch(`${mailboxUrl}/messages?to=${encodeURIComponent(to)}`);
    const mails = (await response.json()) as CaughtMail[];
    found = mails.find((mail) => subject.test(mail.subject));
    if (!found) throw new Error(`${mails.length} courriel(s), aucun ne correspond`);
  });
  return found!;
}

/** All emails to `to` whose subject matches (newest first), without waiting. */
export async function mailsMatching(mailboxUrl: string, to: string, subject: RegExp): Promise<CaughtMail[]> {
  const response = await fetch(`${mailboxUrl}/messages?to=${encodeURIComponent(to)}`);
  return ((await response.json()) as CaughtMail[]).filter((mail) => subject.test(mail.subject));
}

/** The token of the first link to `/<page>/<token>` in an email. */
export function linkToken(mail: CaughtMail, page: string): string {
  const match = new RegExp(`https?://\\S+/${page}/([\\w-]+)`).exec(mail.text);
  if (!match) throw new Error(`pas de lien /${page}/ dans « ${mail.subject} »`);
  return match[1]!;
}

/** The path (with token) of the first link to `/<page>/…` in an email, to open it on another host. */
export function linkPath(mail: CaughtMail, page: string): string {
  return `/${page}/${linkToken(mail, page)}`;
}

/** Marks an account's email as verified, as following the emailed link does (for tests about something else). */
export async function markEmailVerified(db: Db, email: string): Promise<void> {
  await db('users')
    .where({ email_normalized: email.trim().toLowerCase() })
    .update({ email_verified_at: db.fn.now() });
}

/** Sends a JSON request as the UI server would for a browser at `address` (X-Forwarded-For). */
export async function postFrom(
  apiUrl: string,
  address: string,
  path: string,
  body: unknown,
): Promise<{
  status: number;
  headers: Headers;
  body: { code?: string; detail?: string; [key: string]: unknown };
}> {
  const response = await fetch(`${apiUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}
