/**
 * The cluster stack's S3 store (SeaweedFS) does what s3rver does not, and holds the register's key
 * to its bucket: multipart uploads, checksums verified, a lifecycle rule on quarantine, and a key
 * that may neither make a bucket nor read one of another.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client } from 'minio';
import { QUARANTINE_EXPIRY_DAYS, s3Client } from '../../stack/cluster/seaweedfs.ts';
import { setUpClusterFile, type ClusterFile } from './support.ts';

let stack: ClusterFile;
let app: Client;
let admin: Client;

beforeAll(async () => {
  stack = await setUpClusterFile('s3', { workers: 0 });
  app = stack.storage.client;
  admin = s3Client(stack.env.S3_ENDPOINT, inject('cluster').s3Admin);
});
afterAll(() => stack?.teardown());

const bucket = () => stack.env.S3_BUCKET;

/** The S3 error code of a refused call, or 'accepted'. */
async function refusal(call: Promise<unknown>): Promise<string> {
  return call.then(
    () => 'accepted',
    (error: { code?: string }) => error.code ?? String(error),
  );
}

describe('SeaweedFS as the S3 store of the cluster stack', () => {
  it('stores a large document in parts and gives it back whole', async () => {
    const endpoint = new URL(stack.env.S3_ENDPOINT);
    const multipart = new Client({
      endPoint: endpoint.hostname,
      port: Number(endpoint.port),
      useSSL: false,
      accessKey: stack.env.S3_ACCESS_KEY,
      secretKey: stack.env.S3_SECRET_KEY,
      region: stack.env.S3_REGION,
      pathStyle: true,
      partSize: 5 * 1024 * 1024,
    });
    const bytes = randomBytes(11 * 1024 * 1024);
    const key = `documents/multipart/${Date.now()}`;
    await multipart.putObject(bucket(), key, bytes, bytes.length);
    const stat = await app.statObject(bucket(), key);
    expect(stat.size).toBe(bytes.length);
    expect(stat.etag).toMatch(/^[0-9a-f]{32}-\d+$/); // the ETag of an object assembled from parts
    const chunks: Buffer[] = [];
    for await (const chunk of await app.getObject(bucket(), key)) chunks.push(chunk as Buffer);
    expect(createHash('sha256').update(Buffer.concat(chunks)).digest('hex')).toBe(
      createHash('sha256').update(bytes).digest('hex'),
    );
  });

  it('refuses a body that does not match its declared checksum', async () => {
    const key = `quarantine/checksum/${Date.now()}`;
    const url = await app.presignedPutObject(bucket(), key, 60);
    const body = Buffer.from('attestation d’agrément');
    const wrong = createHash('md5').update('autre chose').digest('base64');
    const refused = await fetch(url, { method: 'PUT', body, headers: { 'content-md5': wrong } });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('BadDigest');
    const right = createHash('md5').update(body).digest('base64');
    expect((await fetch(url, { method: 'PUT', body, headers: { 'content-md5': right } })).status).toBe(200);
  });

  it('empties quarantine by a lifecycle rule', async () => {
    const lifecycle = await admin.getBucketLifecycle(bucket());
    expect(JSON.stringify(lifecycle)).toContain('quarantine/');
    expect(JSON.stringify(lifecycle)).toContain(`"Days":${QUARANTINE_EXPIRY_DAYS}`);
  });

  it("lets the UI's origin alone upload from the browser (CORS)", async () => {
    const preflight = (origin: string) =>
      fetch(`${stack.env.S3_PUBLIC_ENDPOINT}/${bucket()}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const ui = new URL(stack.env.PUBLIC_URL).origin;
    const allowed = await preflight(ui);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ui);
    const other = await preflight('https://ailleurs.example');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("keeps the register's key to its own bucket", async () => {
    expect(await refusal(app.makeBucket('autre-seau', 'us-east-1'))).toBe('AccessDenied');
    await admin.makeBucket('seau-voisin', 'us-east-1').catch(() => {});
    await admin.putObject('seau-voisin', 'secret.txt', Buffer.from('ailleurs'));
    expect(await refusal(app.statObject('seau-voisin', 'secret.txt'))).toMatch(/AccessDenied|Forbidden/);
    const rule = {
      ID: 'autre',
      Status: 'Enabled',
      Filter: { Prefix: 'documents/' },
      Expiration: { Days: 1 },
    };
    expect(await refusal(app.setBucketLifecycle(bucket(), { Rule: [rule] }))).toBe('AccessDenied');
    expect(await refusal(app.statObject(bucket(), 'absent'))).toMatch(/NotFound|NoSuchKey/);
  });
});
