/** The S3 client (minio speaks S3 to any store) and the object-key layout. */
import { Client } from 'minio';
import type { Config } from './config.ts';

export interface Storage {
  client: Client;
  /** Signs browser uploads with the endpoint the browser can reach. */
  publicClient: Client;
  bucket: string;
}

function clientFor(endpoint: string, config: Config['s3']): Client {
  const url = new URL(endpoint);
  return new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
    useSSL: url.protocol === 'https:',
    accessKey: config.accessKey,
    secretKey: config.secretKey,
    region: config.region,
    pathStyle: true,
  });
}

export function openStorage(config: Config['s3']): Storage {
  return {
    client: clientFor(config.endpoint, config),
    publicClient: clientFor(config.publicEndpoint, config),
    bucket: config.bucket,
  };
}

/** Creates the bucket when missing (a no-op on the embedded stack, which creates it). */
export async function ensureBucket(storage: Storage, region: string): Promise<void> {
  if (!(await storage.client.bucketExists(storage.bucket)))
    await storage.client.makeBucket(storage.bucket, region);
}

/** Uploads land here first; nothing under this prefix is ever shown to anyone. */
export function quarantineKey(registrationId: string, documentId: string): string {
  return `quarantine/${registrationId}/${documentId}`;
}

/** Where a verified document lives. */
export function documentKey(registrationId: string, documentId: string): string {
  return `documents/${registrationId}/${documentId}`;
}
