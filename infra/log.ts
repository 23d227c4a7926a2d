/**
 * One-line JSON logs. Callers pass ids and codes only: NIR, names, addresses and documents never go
 * to logs. `redact` is a last line of defence for values that look like a NIR or an email.
 */
type Level = 'info' | 'warn' | 'error';

const NIR_LIKE = /\b[1-478]\s?\d{2}\s?\d{2}\s?(\d{2}|2A|2B)\s?\d{3}\s?\d{3}\s?\d{2}\b/gi;
const EMAIL_LIKE = /[\w.+-]+@[\w-]+\.[\w.-]+/g;

export function redact(text: string): string {
  return text.replace(NIR_LIKE, '[NIR]').replace(EMAIL_LIKE, '[courriel]');
}

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  const line = redact(JSON.stringify({ at: new Date().toISOString(), level, message, ...fields }));
  if (level === 'info') console.log(line);
  else console.error(line);
}
