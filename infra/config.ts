import {
  DEFAULT_RETENTION_POLICY,
  RETENTION_VARIABLES,
  retentionPolicyProblem,
  type RetentionPolicy,
} from '../domain/retention.ts';
import {
  DEFAULT_MISSED_DECLARATION_POLICY,
  MISSED_DECLARATION_VARIABLES,
  missedDeclarationPolicyProblem,
  type MissedDeclarationPolicy,
} from '../domain/missed-declarations.ts';
import { readKeyRing, type KeyRing } from './keys.ts';
import { readTemporalConnection, type TemporalConnectionSettings } from './temporal/connection.ts';

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
  /** Where Temporal is, and how to reach it (TLS, API key: infra/temporal/connection.ts). */
  temporal: TemporalConnectionSettings & { namespace: string; taskQueue: string };
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
  /** DATA_KEYS and DATA_INDEX_KEY: what seals Temporal payloads and personal data at rest (infra/keys.ts). */
  keys: KeyRing;
  /** How long personal data is kept (domain/retention.ts), each duration from a variable in days. */
  retention: RetentionPolicy;
  /** When her département sees a missed declaration (domain/missed-declarations.ts), in days. */
  missedDeclarations: MissedDeclarationPolicy;
  /** Workflows the worker keeps in memory between their tasks (`WORKFLOW_CACHE_SIZE`). */
  workflowCacheSize: number;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value)
    throw new Error(`La variable d'environnement ${name} est requise (voir README, section Configuration).`);
  return value;
}

/** Production is stated, not guessed: `NODE_ENV=production` (the Dockerfile sets it). */
export function isProduction(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production';
}

/** Values this repository ships (embedded stack, docker-compose.yml's defaults): public, never secrets. */
const KNOWN_DEFAULTS = new Set([
  'S3RVER',
  'registre',
  'registre-secret',
  'minioadmin',
  'postgres',
  'password',
]);
const weakSecret = (value: string) => KNOWN_DEFAULTS.has(value) || value.length < 16;

/**
 * What production refuses to start with: a secret left at a default (or too short to be one), the
 * development mailbox, a placeholder SNGI, a public address without TLS. Each line names its variable.
 */
export function productionProblems(config: Config, env: NodeJS.ProcessEnv = process.env): string[] {
  const problems: string[] = [];
  if (KNOWN_DEFAULTS.has(config.s3.accessKey)) problems.push('S3_ACCESS_KEY a une valeur par défaut');
  if (weakSecret(config.s3.secretKey))
    problems.push('S3_SECRET_KEY a une valeur par défaut ou de moins de 16 caractères');
  const database = new URL(config.databaseUrl);
  const password = decodeURIComponent(database.password) || env.PGPASSWORD || '';
  if (!database.searchParams.has('sslcert') && weakSecret(password))
    problems.push(
      'DATABASE_URL (ou PGPASSWORD) : mot de passe absent, par défaut ou de moins de 16 caractères',
    );
  if (config.devMailboxUrl) problems.push('DEV_MAILBOX_URL ne sert qu’à la pile embarquée');
  if (new URL(config.sngiUrl).hostname.endsWith('.invalid'))
    problems.push('SNGI_URL est une adresse fictive');
  if (new URL(config.publicUrl).protocol !== 'https:') problems.push('PUBLIC_URL doit être en https');
  // The embedded stack's and the tests' keys are named dev-… / test-…: generated on a laptop.
  const keyIds = [...config.keys.byId.keys(), config.keys.index.id];
  if (keyIds.some((id) => /^(dev|test)/i.test(id)))
    problems.push('DATA_KEYS / DATA_INDEX_KEY : clé de développement (identifiant dev… ou test…)');
  return problems;
}

/**
 * Reads the configuration; throws a readable error when a required variable is missing and, in
 * production, when a secret has its default value (api and worker then refuse to start).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const config = readConfig(env);
  const problems = isProduction(env) ? productionProblems(config, env) : [];
  if (problems.length)
    throw new Error(
      `Configuration refusée en production (NODE_ENV=production) :\n- ${problems.join('\n- ')}\n(voir README, section Configuration)`,
    );
  return config;
}

function readConfig(env: NodeJS.ProcessEnv): Config {
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
      ...readTemporalConnection(env),
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
    keys: readKeyRing(env),
    retention: readRetentionPolicy(env),
    missedDeclarations: readMissedDeclarationPolicy(env),
    workflowCacheSize: readWorkflowCacheSize(env),
  };
}

/**
 * Workflows kept in the worker's memory between their tasks. Temporal's default grows with the heap
 * limit (about 2,300 on a 24 GB host), and a lifecycle asleep for months gains nothing from staying
 * there: each kept workflow costs the worker about 2 MB (README « Benchmarks », the surge), and one
 * evicted replays its history at its next task. 100 covers the cases in flight at the benchmarks'
 * concurrency; the workflow tasks taken at once (10) must fit in it.
 */
export const DEFAULT_WORKFLOW_CACHE_SIZE = 100;

export function readWorkflowCacheSize(env: NodeJS.ProcessEnv): number {
  const raw = env.WORKFLOW_CACHE_SIZE;
  if (!raw) return DEFAULT_WORKFLOW_CACHE_SIZE;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 10)
    throw new Error(
      `Configuration refusée : WORKFLOW_CACHE_SIZE=${raw} doit être un entier d’au moins 10 (les tâches prises à la fois) (voir README, section Configuration).`,
    );
  return size;
}

/** Each retention duration from its variable (days, decimals allowed), else its default; refused when incoherent. */
export function readRetentionPolicy(env: NodeJS.ProcessEnv): RetentionPolicy {
  const policy = { ...DEFAULT_RETENTION_POLICY };
  for (const key of Object.keys(RETENTION_VARIABLES) as (keyof RetentionPolicy)[]) {
    const value = env[RETENTION_VARIABLES[key]];
    if (value) policy[key] = Number(value) * 86_400_000;
  }
  const problem = retentionPolicyProblem(policy);
  if (problem) throw new Error(`Configuration refusée : ${problem} (voir README, section Configuration).`);
  return policy;
}

/** The département's delay after a missed declaration, from its variable (days), else its default. */
export function readMissedDeclarationPolicy(env: NodeJS.ProcessEnv): MissedDeclarationPolicy {
  const policy = { ...DEFAULT_MISSED_DECLARATION_POLICY };
  const value = env[MISSED_DECLARATION_VARIABLES.departementAfterMs];
  if (value) policy.departementAfterMs = Number(value) * 86_400_000;
  const problem = missedDeclarationPolicyProblem(policy);
  if (problem) throw new Error(`Configuration refusée : ${problem} (voir README, section Configuration).`);
  return policy;
}
