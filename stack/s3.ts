/**
 * The embedded S3 endpoint (s3rver, file-backed), used when S3_ENDPOINT is unset. It accepts the
 * browser's presigned POST from the UI's origin (CORS below). s3rver does not enforce POST policy
 * conditions, which is one more reason the verification activity re-checks every object.
 */
import S3rver from 's3rver';

export const EMBEDDED_S3_CREDENTIALS = { accessKey: 'S3RVER', secretKey: 'S3RVER' };

const corsConfiguration = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

export interface RunningS3 {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts s3rver on `port`, storing objects under `directory`, with `bucket` created. */
export async function startEmbeddedS3(options: {
  directory: string;
  port: number;
  bucket: string;
}): Promise<RunningS3> {
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    directory: options.directory,
    silent: true,
    configureBuckets: [{ name: options.bucket, configs: [corsConfiguration] }],
  });
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    stop: () => server.close(),
  };
}
