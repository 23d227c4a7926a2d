/** Server-side settings of the UI process (adapter-node reads PORT, HOST, ORIGIN itself). */
export const API_URL = process.env.API_URL ?? 'http://127.0.0.1:3001';

/** Only set by the embedded stack: the SMTP catcher's mailbox, shown as a dev page. */
export const DEV_MAILBOX_URL = process.env.DEV_MAILBOX_URL ?? null;

export const SESSION_COOKIE = 'registre_session';

/** Origin of the S3 endpoint the browser uploads to (presigned POST), allowed in the CSP. */
export const S3_PUBLIC_ORIGIN = new URL(
  process.env.S3_PUBLIC_ENDPOINT ?? process.env.S3_ENDPOINT ?? 'http://127.0.0.1:4569',
).origin;

/** Who hosts this instance, for the legal notice (« Mentions légales »): set by whoever runs it. */
export const HOSTING_NOTICE =
  process.env.HOSTING_NOTICE ??
  'Version de démonstration : l’exploitant de la version en service indique ici le nom, l’adresse et le téléphone de son hébergeur.';

/**
 * The Temporal Web UI allowed to call the codec endpoint (/codec/decode) from the browser, with
 * the session cookie: the embedded stack's UI by default. Empty: no cross-origin call is allowed.
 */
export const TEMPORAL_UI_ORIGIN = process.env.TEMPORAL_UI_ORIGIN ?? 'http://localhost:8233';
