/**
 * SeaweedFS as the cluster stack's S3 store (`weed server`: master, volume, filer and S3 gateway in
 * one process, built from the Go module proxy; Apache 2.0). Two keys, as in production: the
 * administrator's (AWS_ACCESS_KEY_ID, for setting the bucket up only) and the register's, limited
 * to its bucket by the identities file. Unlike s3rver, it enforces presigned POST policies,
 * lifecycle rules, multipart uploads and checksums.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'minio';
import { waitFor } from '../wait.ts';
import { clusterBinary } from './binaries.ts';
import { startServiceProcess } from './service-process.ts';

export interface S3Key {
  accessKey: string;
  secretKey: string;
}

export interface SeaweedPorts {
  s3: number;
  s3Grpc: number;
  master: number;
  masterGrpc: number;
  volume: number;
  volumeGrpc: number;
  filer: number;
  filerGrpc: number;
}

/** An upload that was never verified is removed from quarantine after this many days. */
export const QUARANTINE_EXPIRY_DAYS = 2;

/** The identities file (`-s3.config`): the register's key may read, write and list its bucket, nothing else. */
export function s3Identities(app: S3Key, bucket: string) {
  return {
    identities: [
      {
        name: 'registre-app',
        credentials: [{ accessKey: app.accessKey, secretKey: app.secretKey }],
        actions: ['Read', 'Write', 'List', 'Tagging'].map((action) => `${action}:${bucket}`),
      },
    ],
  };
}

/**
 * The options of `weed server` that docker-compose.yml gives too (its test compares the names):
 * the S3 gateway with the identities file, no embedded IAM API, no bucket made on the fly, the
 * UI's origin alone allowed for the browser's uploads (CORS), and the side servers turned off.
 */
export function seaweedServerOptions(options: { config: string; allowedOrigin: string }): string[] {
  return [
    '-filer',
    '-s3',
    `-s3.config=${options.config}`,
    '-s3.iam=false',
    '-s3.autoCreateBucket=false',
    `-s3.allowedOrigins=${options.allowedOrigin}`,
    '-s3.port.iceberg=0',
    '-s3.port.lance=0',
    '-volume.max=0',
  ];
}

export async function startSeaweedfs(options: {
  directory: string;
  ports: SeaweedPorts;
  admin: S3Key;
  app: S3Key;
  bucket: string;
  allowedOrigin: string;
  log: (line: string) => void;
}): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const binary = clusterBinary('seaweedfs', options.log);
  const data = path.join(options.directory, 'data');
  mkdirSync(data, { recursive: true });
  const config = path.join(options.directory, 's3-identities.json');
  writeFileSync(config, JSON.stringify(s3Identities(options.app, options.bucket)), { mode: 0o600 });
  const { ports } = options;
  const args = [
    '-logtostderr=true',
    'server',
    '-master.volumeSizeLimitMB=64',
    '-volume.preStopSeconds=0',
    `-dir=${data}`,
    '-ip=127.0.0.1',
    '-ip.bind=127.0.0.1',
    `-master.port=${ports.master}`,
    `-master.port.grpc=${ports.masterGrpc}`,
    `-volume.port=${ports.volume}`,
    `-volume.port.grpc=${ports.volumeGrpc}`,
    `-filer.port=${ports.filer}`,
    `-filer.port.grpc=${ports.filerGrpc}`,
    `-s3.port=${ports.s3}`,
    `-s3.port.grpc=${ports.s3Grpc}`,
    ...seaweedServerOptions({ config, allowedOrigin: options.allowedOrigin }),
  ];
  const weed = startServiceProcess(
    binary,
    args,
    { AWS_ACCESS_KEY_ID: options.admin.accessKey, AWS_SECRET_ACCESS_KEY: options.admin.secretKey },
    options.log,
  );
  const stop = () => weed.stop();
  const endpoint = `http://127.0.0.1:${ports.s3}`;
  try {
    const admin = s3Client(endpoint, options.admin);
    await waitFor(`SeaweedFS (${endpoint})`, 90_000, async () => {
      if (weed.exited()) throw new Error("SeaweedFS s'est arrêté au démarrage");
      await admin.listBuckets();
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, stop };
}

export function s3Client(endpoint: string, key: S3Key): Client {
  const url = new URL(endpoint);
  return new Client({
    endPoint: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    useSSL: url.protocol === 'https:',
    accessKey: key.accessKey,
    secretKey: key.secretKey,
    region: 'us-east-1',
    pathStyle: true,
  });
}

/** Creates the bucket when missing and sets its lifecycle rule, with the administrator's key. */
export async function prepareBucket(options: { endpoint: string; admin: S3Key; bucket: string }) {
  const admin = s3Client(options.endpoint, options.admin);
  if (!(await admin.bucketExists(options.bucket))) await admin.makeBucket(options.bucket, 'us-east-1');
  await admin.setBucketLifecycle(options.bucket, {
    Rule: [
      {
        ID: 'quarantaine',
        Status: 'Enabled',
        Filter: { Prefix: 'quarantine/' },
        Expiration: { Days: QUARANTINE_EXPIRY_DAYS },
      },
    ],
  });
}

// docker-compose.yml's `s3-setup` runs this file: the bucket of any S3 store, with its administrator's key.
if (import.meta.main) {
  const env = process.env;
  for (const name of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ADMIN_ACCESS_KEY', 'S3_ADMIN_SECRET_KEY'])
    if (!env[name]) throw new Error(`La variable d'environnement ${name} est requise.`);
  await prepareBucket({
    endpoint: env.S3_ENDPOINT!,
    bucket: env.S3_BUCKET!,
    admin: { accessKey: env.S3_ADMIN_ACCESS_KEY!, secretKey: env.S3_ADMIN_SECRET_KEY! },
  });
  console.log(`Seau ${env.S3_BUCKET} prêt (quarantaine vidée après ${QUARANTINE_EXPIRY_DAYS} jours).`);
}
