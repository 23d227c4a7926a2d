/**
 * Runtime configuration, read once from the environment. Every external service is chosen by a
 * variable; `stack/start.ts` fills the variables of the services it launches itself.
 */
export interface Config {
  databaseUrl: string;
  s3: {
    endpoint: string;
    publicEndpoint: string;
    accessKey: string;
    secretKey: string;
    bucket: string;
    region: string;
  };
  temporal: { address: string; namespace: string; taskQueue: string };
  sngiUrl: string;
  smtpUrl: string;
  mailFrom: string;
  /** Only set by the embedded stack: the SMTP catcher's HTTP mailbox, shown in the UI as a dev page. */
  devMailboxUrl: string | null;
  apiPort: number;
  /** 127.0.0.1 by default: only the UI server talks to the API. Containers set 0.0.0.0. */
  apiHost: string;
  /** The public address of the UI, used in links sent by email. */
  publicUrl: string;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value)
    throw new Error(`La variable d'environnement ${name} est requise (voir README, section Configuration).`);
  return value;
}

/** Reads the configuration; throws a readable error when a required variable is missing. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const s3Endpoint = required(env, 'S3_ENDPOINT');
  return {
    databaseUrl: required(env, 'DATABASE_URL'),
    s3: {
      endpoint: s3Endpoint,
      publicEndpoint: env.S3_PUBLIC_ENDPOINT || s3Endpoint,
      accessKey: required(env, 'S3_ACCESS_KEY'),
      secretKey: required(env, 'S3_SECRET_KEY'),
      bucket: env.S3_BUCKET || 'registre-assmat',
      region: env.S3_REGION || 'us-east-1',
    },
    temporal: {
      address: env.TEMPORAL_ADDRESS || 'localhost:7233',
      namespace: env.TEMPORAL_NAMESPACE || 'default',
      taskQueue: env.TEMPORAL_TASK_QUEUE || 'registre-assmat',
    },
    sngiUrl: required(env, 'SNGI_URL'),
    smtpUrl: required(env, 'SMTP_URL'),
    mailFrom: env.MAIL_FROM || 'Registre des assistantes maternelles <ne-pas-repondre@registre-assmat.local>',
    devMailboxUrl: env.DEV_MAILBOX_URL || null,
    apiPort: Number(env.API_PORT || 3001),
    apiHost: env.API_HOST || '127.0.0.1',
    publicUrl: env.PUBLIC_URL || 'http://localhost:3000',
  };
}
