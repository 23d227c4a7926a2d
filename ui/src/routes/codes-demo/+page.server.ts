import { error } from '@sveltejs/kit';
import { Secret, TOTP as Totp } from 'otpauth';
import type { PageServerLoad } from './$types';
import { DEV_MAILBOX_URL } from '#lib/server/config.ts';
import { TOTP } from '../../../../domain/accounts.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../../stack/demo-account-list.ts';

/**
 * Embedded stack only (the launcher sets DEV_MAILBOX_URL there, never in production): the current
 * codes of the demo staff accounts, whose TOTP secrets are public, so a visitor can sign in as staff.
 */
export const load: PageServerLoad = () => {
  if (!DEV_MAILBOX_URL) error(404, 'Page disponible seulement sur la pile de démonstration.');
  const now = Date.now();
  const period = TOTP.periodSeconds * 1000;
  return {
    password: DEMO_PASSWORD,
    secondsLeft: Math.ceil((period - (now % period)) / 1000),
    accounts: DEMO_ACCOUNTS.filter((account) => account.totpSecret).map((account) => ({
      email: account.email,
      label: account.label,
      secret: account.totpSecret!,
      code: new Totp({
        algorithm: TOTP.algorithm,
        digits: TOTP.digits,
        period: TOTP.periodSeconds,
        secret: Secret.fromBase32(account.totpSecret!),
      }).generate({ timestamp: now }),
    })),
  };
};
