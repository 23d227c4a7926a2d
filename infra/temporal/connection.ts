/**
 * How the api and the worker reach Temporal: a plain connection on the embedded and cluster stacks,
 * TLS (with a client certificate for mTLS, or an API key as Temporal Cloud offers) in production.
 * Read from the environment once, with the rest of the configuration (infra/config.ts).
 */
import { readFileSync } from 'node:fs';

export interface TemporalTls {
  /** PEM of the CA that signed the server's certificate; the system's roots when absent. */
  serverRootCACertificate?: Buffer;
  /** The name checked in the server's certificate, when it is not the address's host. */
  serverNameOverride?: string;
  /** mTLS: this process's certificate and private key (PEM). */
  clientCertPair?: { crt: Buffer; key: Buffer };
}

export interface TemporalConnectionSettings {
  address: string;
  /** null: a plain connection. */
  tls: TemporalTls | null;
  /** Sent as `Authorization: Bearer …` on every call (Temporal Cloud's API keys); implies TLS. */
  apiKey: string | null;
}

function pem(env: NodeJS.ProcessEnv, name: string): Buffer | undefined {
  const file = env[name];
  if (!file) return undefined;
  try {
    return readFileSync(file);
  } catch {
    throw new Error(`${name} : fichier illisible (${file})`);
  }
}

/**
 * TEMPORAL_TLS=true, or any of TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT + TEMPORAL_TLS_KEY,
 * TEMPORAL_TLS_SERVER_NAME, TEMPORAL_API_KEY, turns TLS on.
 */
export function readTemporalConnection(env: NodeJS.ProcessEnv): TemporalConnectionSettings {
  const address = env.TEMPORAL_ADDRESS || 'localhost:7233';
  const apiKey = env.TEMPORAL_API_KEY || null;
  const crt = pem(env, 'TEMPORAL_TLS_CERT');
  const key = pem(env, 'TEMPORAL_TLS_KEY');
  if (Boolean(crt) !== Boolean(key))
    throw new Error('TEMPORAL_TLS_CERT et TEMPORAL_TLS_KEY vont ensemble : donnez les deux, ou aucun');
  const ca = pem(env, 'TEMPORAL_TLS_CA');
  const serverName = env.TEMPORAL_TLS_SERVER_NAME || undefined;
  const asked = env.TEMPORAL_TLS === 'true' || Boolean(apiKey || crt || ca || serverName);
  if (env.TEMPORAL_TLS === 'false' && asked && (apiKey || crt || ca || serverName))
    throw new Error('TEMPORAL_TLS=false contredit les variables TEMPORAL_TLS_* ou TEMPORAL_API_KEY données');
  const tls: TemporalTls | null = asked
    ? {
        ...(ca ? { serverRootCACertificate: ca } : {}),
        ...(serverName ? { serverNameOverride: serverName } : {}),
        ...(crt && key ? { clientCertPair: { crt, key } } : {}),
      }
    : null;
  return { address, tls, apiKey };
}

/** The options of `Connection.connect` and `NativeConnection.connect` (both SDK packages take this shape). */
export function connectionOptions(settings: TemporalConnectionSettings) {
  return {
    address: settings.address,
    ...(settings.tls ? { tls: settings.tls } : {}),
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  };
}
