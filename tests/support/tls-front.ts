/**
 * A TLS front for the Temporal dev server, as Temporal Cloud or a TLS-terminating proxy would be:
 * certificates made for the occasion (a CA, the server's, a client's for mTLS), gRPC over HTTP/2
 * with TLS on one side, the dev server's plain HTTP/2 on the other. It records who called what: the
 * method, the `authorization` header, the client certificate's name.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';

export interface TlsCall {
  method: string;
  authorization: string | null;
  /** The CN of the client's certificate, when it showed one the CA signed. */
  client: string | null;
}

export interface TlsFront {
  address: string;
  /** PEM files: the CA (TEMPORAL_TLS_CA), the client's certificate and key (TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY). */
  files: { ca: string; clientCert: string; clientKey: string };
  calls: TlsCall[];
  stop(): Promise<void>;
}

/** A CA, and two certificates it signs: the server's (127.0.0.1, localhost) and a client's. */
function makeCertificates(dir: string) {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=registre test CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign',
  );
  for (const [name, cn, ext] of [
    ['server', 'temporal.test', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth'],
    ['client', 'registre-worker', 'extendedKeyUsage=clientAuth'],
  ] as const) {
    writeFileSync(path.join(dir, `${name}.ext`), `basicConstraints=CA:FALSE\n${ext}\n`);
    ssl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-subj',
      `/CN=${cn}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
    );
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    );
  }
}

export async function startTlsFront(temporalAddress: string): Promise<TlsFront> {
  const dir = mkdtempSync(path.join(tmpdir(), 'registre-tls-'));
  makeCertificates(dir);
  const read = (name: string) => readFileSync(path.join(dir, name));
  const upstream = http2.connect(`http://${temporalAddress}`);
  upstream.on('error', () => {});
  const calls: TlsCall[] = [];
  const server = http2.createSecureServer({
    key: read('server.key'),
    cert: read('server.pem'),
    ca: read('ca.pem'),
    requestCert: true,
    rejectUnauthorized: false, // an API key alone, without a client certificate, is let through too
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    const socket = stream.session?.socket as TLSSocket | undefined;
    const peer = socket?.authorized ? socket.getPeerCertificate() : null;
    calls.push({
      method: String(headers[':path']),
      authorization: typeof headers.authorization === 'string' ? headers.authorization : null,
      client: peer?.subject?.CN ? String(peer.subject.CN) : null,
    });
    const forwarded: http2.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(headers))
      if (!name.startsWith(':') && name !== 'authorization') forwarded[name] = value;
    const call = upstream.request({ ...forwarded, ':method': 'POST', ':path': headers[':path'] });
    call.on('error', () => stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR));
    // The caller gone (a long poll cancelled at shutdown): so is the call upstream.
    stream.on('close', () => call.close());
    call.on('response', (answer) => {
      if (stream.destroyed) return;
      const kept: http2.OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(answer))
        if (!name.startsWith(':') || name === ':status') kept[name] = value;
      // A "trailers-only" answer (an error) carries its status in its headers, and ends there.
      if ('grpc-status' in answer) return void stream.respond(kept, { endStream: true });
      stream.respond(kept, { waitForTrailers: true });
      call.pipe(stream);
    });
    let trailers: http2.OutgoingHttpHeaders = {};
    call.on('trailers', (received) => (trailers = { ...received }));
    stream.on('wantTrailers', () => {
      if (!stream.destroyed) stream.sendTrailers(trailers);
    });
    stream.pipe(call);
  });
  server.on('sessionError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    files: {
      ca: path.join(dir, 'ca.pem'),
      clientCert: path.join(dir, 'client.pem'),
      clientKey: path.join(dir, 'client.key'),
    },
    calls,
    async stop() {
      upstream.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
