/**
 * SMTP catcher for the embedded stack and the tests: accepts every message, keeps the last ones in
 * memory and lists them over HTTP (GET /messages), so that a person trying the product can click
 * the links of the emails it sends, and tests can read them.
 */
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  id: number;
  /** The sender's Message-ID: the same message sent twice (a retry after a crash) has the same one. */
  messageId: string | null;
  to: string[];
  subject: string;
  text: string;
  receivedAt: string;
}

export interface RunningSmtpCatcher {
  smtpUrl: string;
  mailboxUrl: string;
  messages: CaughtMail[];
  stop(): Promise<void>;
}

const KEPT = 500;

export async function startSmtpCatcher(options: {
  smtpPort: number;
  httpPort: number;
  host?: string;
  /** How many messages are kept, newest first (500 by default). */
  kept?: number;
}): Promise<RunningSmtpCatcher> {
  const host = options.host ?? '127.0.0.1';
  const messages: CaughtMail[] = [];
  let nextId = 1;

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.unshift({
            id: nextId++,
            messageId: mail.messageId ?? null,
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            receivedAt: new Date().toISOString(),
          });
          messages.splice(options.kept ?? KEPT);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  // A sender killed mid-message (a worker's SIGKILL) resets its connection: like any SMTP server, the
  // catcher drops that unfinished message. Without a listener, the reset would crash the process.
  smtp.on('error', () => {});
  await new Promise<void>((resolve) => smtp.listen(options.smtpPort, host, resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const http = createHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/messages') {
      const to = url.searchParams.get('to')?.toLowerCase();
      const list = to
        ? messages.filter((m) => m.to.some((address) => address.toLowerCase() === to))
        : messages;
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(list));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => http.listen(options.httpPort, host, resolve));
  const httpPort = (http.address() as AddressInfo).port;

  return {
    smtpUrl: `smtp://${host}:${smtpPort}`,
    mailboxUrl: `http://${host}:${httpPort}`,
    messages,
    async stop() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
