/**
 * Outgoing email over SMTP (SMTP_URL): the embedded stack points it at its catcher. One pool of
 * connections with explicit time limits, so that a server that accepts and then says nothing costs
 * seconds, not nodemailer's minutes. Only the outbox drainer sends (worker/outbox-drainer.ts).
 */
import nodemailer from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Stable id, so that a message re-sent after a crash is recognisable as the same one. */
  messageId?: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** Time limits of one SMTP exchange, in milliseconds. */
export const SMTP_TIMEOUTS = {
  connectionTimeout: 5_000,
  greetingTimeout: 5_000,
  socketTimeout: 15_000,
  dnsTimeout: 5_000,
};

export function openMailer(smtpUrl: string, from: string, connections = 2): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: connections,
    maxMessages: 100,
    ...SMTP_TIMEOUTS,
  });
  return {
    async send(mail) {
      await transport.sendMail({ from, ...mail });
    },
    close: () => transport.close(),
  };
}

/**
 * Why a send failed, as a code: never the server's words (they may quote the address). A 5xx reply is
 * the server refusing this message for good; anything else (network, timeout, 4xx) is worth a retry.
 */
export function mailFailure(error: unknown): { code: string; permanent: boolean } {
  const { responseCode, code } = (error ?? {}) as { responseCode?: number; code?: string };
  if (typeof responseCode === 'number')
    return { code: `smtp_${responseCode}`, permanent: responseCode >= 500 && responseCode < 600 };
  return { code: typeof code === 'string' ? code.toLowerCase() : 'unknown', permanent: false };
}
