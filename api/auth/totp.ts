/**
 * The staff second factor: TOTP (RFC 6238) with the parameters of domain/accounts.ts, the otpauth://
 * URI and its QR code (inline SVG, drawn here so the page needs no script), and code checks that
 * refuse a code already used.
 */
import { openText, sealText, type KeyRing } from '../../infra/keys.ts';
import { TOTP_CONTEXT } from '../../migrations/0013_sealed_totp_secrets.ts';
import type { Knex } from 'knex';
import { Secret, TOTP as Totp } from 'otpauth';
import QRCode from 'qrcode';
import { TOTP } from '../../domain/accounts.ts';

/** A new random secret (160 bits, as RFC 4226 recommends), in base32 for manual entry. */
/** How a TOTP secret is stored: sealed (migrations/0013), opened only to check a code or show the QR code. */
export function sealTotpSecret(keys: KeyRing, secret: string): string {
  return sealText(keys, secret, TOTP_CONTEXT);
}

export function openTotpSecret(keys: KeyRing, stored: string): string {
  return openText(keys, stored, TOTP_CONTEXT);
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function generatorFor(secret: string, label = ''): Totp {
  return new Totp({
    issuer: TOTP.issuer,
    label,
    algorithm: TOTP.algorithm,
    digits: TOTP.digits,
    period: TOTP.periodSeconds,
    secret: Secret.fromBase32(secret),
  });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, accountLabel: string): string {
  return generatorFor(secret, accountLabel).toString();
}

/** The QR code of a URI, as an SVG element to inline in the page. */
export function qrCodeSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** The time step a code matches (within the allowed drift), or null. */
export function matchingStep(secret: string, code: string, at = Date.now()): number | null {
  const generator = generatorFor(secret);
  const delta = generator.validate({ token: code, timestamp: at, window: TOTP.window });
  return delta === null ? null : generator.counter({ timestamp: at }) + delta;
}

export type CodeCheck = 'ok' | 'wrong' | 'reused';

/**
 * Checks a user's code and, when it is good, records its step in the same statement: a code (or an
 * earlier one) that already opened a session is refused, even by two requests at once.
 */
export async function checkCode(
  db: Knex,
  user: { id: string; totpSecret: string },
  code: string,
): Promise<CodeCheck> {
  const step = matchingStep(user.totpSecret, code);
  if (step === null) return 'wrong';
  const updated = await db('users')
    .where({ id: user.id })
    .andWhere((q) => q.whereNull('totp_last_step').orWhere('totp_last_step', '<', step))
    .update({ totp_last_step: step });
  return updated === 1 ? 'ok' : 'reused';
}
