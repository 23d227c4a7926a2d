/**
 * What she was typing when her session expired: kept in an encrypted, HttpOnly cookie (AES-256-GCM)
 * on her own browser for half an hour, put back into the same page's form once she has signed in
 * again, and only for the same account. Passwords and codes are never kept. The key comes from
 * UI_SECRET, or is drawn at start (a restart of the UI server then forgets what was kept).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';

export const SAVED_INPUT_COOKIE = 'registre_saisie';
/** Which account this browser was signed in with: a kept input goes back to that account only. */
export const ACCOUNT_COOKIE = 'registre_compte';
const KEPT_SECONDS = 30 * 60;
/** Cookies hold about 4 KB: a longer input is not kept (she is still told why she must sign in). */
const MAX_COOKIE_LENGTH = 3_800;
const SECRET_FIELDS = /pass|code|totp|secret|token/i;

const key = createHash('sha256')
  .update(process.env.UI_SECRET ?? randomBytes(32))
  .digest();

function seal(value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

function open<T>(sealed: string | undefined): T | null {
  if (!sealed) return null;
  try {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
  } catch {
    return null; // another key (a restart), or tampered with: nothing to put back
  }
}

export interface SavedInput {
  /** The page whose form she sent. */
  path: string;
  /** The form's action (`?/decide`), empty for the default one. */
  action: string;
  values: Array<[string, string]>;
  userId: string;
}

const options = (secure: boolean) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure,
  maxAge: KEPT_SECONDS,
});

/** Remembers which account is signed in on this browser (set on every signed-in request). */
export function rememberAccount(cookies: Cookies, userId: string, secure: boolean): void {
  if (open<string>(cookies.get(ACCOUNT_COOKIE)) !== userId)
    cookies.set(ACCOUNT_COOKIE, seal(userId), { ...options(secure), maxAge: 30 * 24 * 3600 });
}

/** Keeps a form sent after the session expired; false when nothing could be kept. */
export async function keepInput(
  cookies: Cookies,
  request: Request,
  url: URL,
  secure: boolean,
): Promise<boolean> {
  const userId = open<string>(cookies.get(ACCOUNT_COOKIE));
  if (!userId) return false;
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return false;
  }
  const values = [...form.entries()]
    .filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && !SECRET_FIELDS.test(entry[0]),
    )
    .map(([name, value]) => [name, value] as [string, string]);
  const action = [...url.searchParams.keys()].find((k) => k.startsWith('/')) ?? '';
  const sealed = seal({ path: url.pathname, action: action ? `?${action}` : '', values, userId });
  if (sealed.length > MAX_COOKIE_LENGTH) return false;
  cookies.set(SAVED_INPUT_COOKIE, sealed, options(secure));
  return true;
}

/** What she had typed on this page, once, if she is the same account signed in again. */
export function takeInput(cookies: Cookies, path: string, userId: string): SavedInput | null {
  const saved = open<SavedInput>(cookies.get(SAVED_INPUT_COOKIE));
  if (!saved || saved.path !== path) return null;
  cookies.delete(SAVED_INPUT_COOKIE, { path: '/' });
  return saved.userId === userId ? saved : null;
}

/** Signing out on purpose forgets what was kept. */
export function forgetInput(cookies: Cookies): void {
  cookies.delete(SAVED_INPUT_COOKIE, { path: '/' });
}
