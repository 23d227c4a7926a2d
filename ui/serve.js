/**
 * Runs the built UI (adapter-node's handler) behind a plain Node HTTP server. SvelteKit 3 derives the
 * request's origin from headers and assumes https when no proxy says otherwise; this entry states the
 * public protocol from PUBLIC_URL, so that form submissions pass SvelteKit's CSRF origin check on
 * plain http (the embedded stack, the tests) as behind a TLS proxy (production: PUBLIC_URL=https://…).
 */
import { createServer } from 'node:http';

const publicUrl = new URL(process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`);
process.env.PROTOCOL_HEADER = 'x-forwarded-proto';
const { handler } = await import('./build/handler.js');

const server = createServer((req, res) => {
  req.headers['x-forwarded-proto'] = publicUrl.protocol.replace(':', '');
  handler(req, res);
});

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
server.listen(port, host, () =>
  console.log(`Interface prête sur ${publicUrl.origin} (écoute ${host}:${port})`),
);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
