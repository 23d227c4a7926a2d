/**
 * docker-compose.yml cannot run here (no Docker engine): this test reads it and holds it to the
 * cluster stack that does run (stack/cluster/), service by service — same versions, same setup
 * steps, same variables and ports — and to the production lock: no default secret, no mail
 * catcher, the Temporal UI unpublished, S3's administrator key kept from the register.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  SEAWEEDFS_RELEASE,
  TEMPORAL_SERVER_VERSION,
  TEMPORAL_UI_VERSION,
} from '../../stack/cluster/binaries.ts';
import {
  CLUSTER_BUCKET,
  CLUSTER_NAMESPACE,
  CLUSTER_TASK_QUEUE,
  PRODUCTION_VARIABLES,
} from '../../stack/cluster/cluster.ts';
import { APP_DATABASE, APP_ROLE, TEMPORAL_ROLE } from '../../stack/cluster/postgres.ts';
import { s3Identities, seaweedServerOptions } from '../../stack/cluster/seaweedfs.ts';
import { TEMPORAL_SERVER_SETTINGS, temporalServerEnv } from '../../stack/cluster/temporal-server.ts';

const ROOT = new URL('../../', import.meta.url);
const text = readFileSync(new URL('docker-compose.yml', ROOT), 'utf8');

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  configs?: Array<{ source: string; target: string }>;
  deploy?: { replicas?: number };
}
const compose = parse(text, { merge: true }) as {
  services: Record<string, Service>;
  configs: Record<string, { file?: string; content?: string }>;
};
const services = compose.services;

/** What compose makes of `${VAR:?msg}` and `${VAR:-default}` when VAR is set to `<VAR>`. */
function resolved(value: string | number | undefined): string {
  return String(value ?? '').replace(/\$\{(\w+)(?::[?-][^}]*)?\}/g, (_, name: string) => `<${name}>`);
}
function env(service: string): Record<string, string> {
  const environment = services[service]?.environment ?? {};
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, resolved(value)]));
}
function serviceRunning(module: string): string[] {
  return Object.entries(services)
    .filter(([, service]) => (service.command ?? []).join(' ') === `node ${module}`)
    .map(([name]) => name);
}
/** The repository file mounted at `target` in `service`. */
function mountedFile(service: string, target: string): string | undefined {
  const source = services[service]?.configs?.find((config) => config.target === target)?.source;
  return source ? compose.configs[source]?.file : undefined;
}
function publishedPorts(service: string): string[] {
  return (services[service]?.ports ?? []).map(String);
}

const APP_SERVICES = ['api', 'worker', 'ui', 'migrate'];

describe('docker-compose.yml beside the cluster stack', () => {
  it('has a counterpart for every service the cluster stack starts', () => {
    // PostgreSQL, schema, Temporal, namespace, Web UI, S3 and its bucket, migrations, api, workers, ui.
    // The SNGI simulator and the SMTP catcher have none: production points SNGI_URL and SMTP_URL outside.
    expect(Object.keys(services).sort()).toEqual(
      [
        'postgres',
        'postgres-setup',
        'temporal-schema',
        'temporal',
        'temporal-namespace',
        'temporal-ui',
        'seaweedfs',
        's3-setup',
        'migrate',
        'api',
        'worker',
        'ui',
      ].sort(),
    );
    expect(serviceRunning('stack/cluster/postgres.ts')).toEqual(['postgres-setup']);
    expect(serviceRunning('stack/cluster/temporal-namespace.ts')).toEqual(['temporal-namespace']);
    expect(serviceRunning('stack/cluster/seaweedfs.ts')).toEqual(['s3-setup']);
    expect(serviceRunning('stack/cluster/migrate.ts')).toEqual(['migrate']);
    expect(serviceRunning('worker/main.ts')).toEqual(['worker']);
    expect(services.worker?.deploy?.replicas).toBeGreaterThanOrEqual(2);
  });

  it('runs the same Temporal server, schema tool and Web UI versions', () => {
    expect(services.temporal?.image).toBe(`temporalio/server:${TEMPORAL_SERVER_VERSION}`);
    expect(services['temporal-schema']?.image).toBe(`temporalio/admin-tools:${TEMPORAL_SERVER_VERSION}`);
    expect(services['temporal-ui']?.image).toBe(`temporalio/ui:${TEMPORAL_UI_VERSION}`);
    expect(services.seaweedfs?.image).toBe(`chrislusf/seaweedfs:${SEAWEEDFS_RELEASE}`);
  });

  it('sets the schema up with the same script, and gives the server the same variables', () => {
    expect(services['temporal-schema']?.entrypoint).toEqual(['sh', '/etc/registre/temporal-schema.sh']);
    expect(mountedFile('temporal-schema', '/etc/registre/temporal-schema.sh')).toBe(
      './stack/cluster/temporal-schema.sh',
    );
    const local = temporalServerEnv(
      { host: 'h', port: 1, user: TEMPORAL_ROLE, password: 'p' },
      {
        frontend: 7233,
        frontendHttp: 7243,
        frontendMembership: 6933,
        history: 7234,
        historyMembership: 6934,
        matching: 7235,
        matchingMembership: 6935,
        worker: 7239,
        workerMembership: 6939,
      },
    );
    const server = env('temporal');
    // Ports are the template's defaults in compose; every other variable is given.
    const named = Object.keys(local).filter((key) => !key.endsWith('_PORT') || key === 'DB_PORT');
    expect(Object.keys(server).sort()).toEqual(named.sort());
    expect(server).toMatchObject({ ...TEMPORAL_SERVER_SETTINGS, POSTGRES_USER: TEMPORAL_ROLE });
    for (const key of ['DB', 'DBNAME', 'VISIBILITY_DBNAME', 'POSTGRES_SEEDS', 'DB_PORT', 'POSTGRES_USER'])
      expect(env('temporal-schema')[key], key).toBe(server[key]);
    expect(mountedFile('temporal', server.DYNAMIC_CONFIG_FILE_PATH!)).toBe(
      './stack/cluster/temporal-dynamic-config.yaml',
    );
    expect(env('temporal-namespace')).toMatchObject({
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: CLUSTER_NAMESPACE,
    });
    // Search attributes are registered by the namespace step only (workflows/search-attributes.ts).
    expect(text).not.toMatch(/operator search-attribute|CaseStatus|PivotOffice/);
  });

  it('gives the register the same variables as the cluster stack, with the same fixed values', () => {
    for (const name of APP_SERVICES) {
      expect(Object.keys(env(name)), name).toEqual(expect.arrayContaining([...PRODUCTION_VARIABLES]));
      expect(env(name), name).toMatchObject({
        S3_BUCKET: CLUSTER_BUCKET,
        S3_REGION: 'us-east-1',
        TEMPORAL_ADDRESS: 'temporal:7233',
        TEMPORAL_NAMESPACE: CLUSTER_NAMESPACE,
        TEMPORAL_TASK_QUEUE: CLUSTER_TASK_QUEUE,
        S3_ENDPOINT: 'http://seaweedfs:8333',
      });
      expect(env(name).DATABASE_URL).toBe(
        `postgres://${APP_ROLE}:<REGISTRE_DB_PASSWORD>@postgres:5432/${APP_DATABASE}`,
      );
    }
    expect(env('ui')).toMatchObject({ PORT: '3000', API_URL: 'http://api:3001' });
    expect(env('api')).toMatchObject({ API_PORT: '3001' });
  });

  it('runs SeaweedFS with the same options and the same identities file', () => {
    const command = services.seaweedfs?.command ?? [];
    const names = (args: string[]) => args.map((arg) => arg.split('=')[0]);
    const local = seaweedServerOptions({ config: '/etc/seaweedfs/s3-identities.json', allowedOrigin: 'x' });
    expect(command[0]).toBe('server');
    expect(names(command)).toEqual(expect.arrayContaining(names(local)));
    expect(command).toContain('-s3.config=/etc/seaweedfs/s3-identities.json');
    const identities = resolved(compose.configs['s3-identities']?.content);
    expect(JSON.parse(identities)).toEqual(
      s3Identities({ accessKey: '<S3_ACCESS_KEY>', secretKey: '<S3_SECRET_KEY>' }, CLUSTER_BUCKET),
    );
  });
});

describe('docker-compose.yml locked for production', () => {
  it('has no default secret: every password, key and secret is a required variable', () => {
    const references = [...text.matchAll(/\$\{(\w+)(:[?-])?[^}]*\}/g)];
    const secretLike = /PASSWORD|SECRET|_KEY|PWD/;
    for (const [reference, name, operator] of references)
      if (secretLike.test(name!)) expect(operator, reference).toBe(':?');
    for (const [service, { environment = {} }] of Object.entries(services))
      for (const [key, value] of Object.entries(environment))
        if (secretLike.test(key)) expect(String(value), `${service}.${key}`).toMatch(/^\$\{\w+:\?[^}]*\}$/);
    for (const name of ['SMTP_URL', 'SNGI_URL', 'PUBLIC_URL', 'S3_PUBLIC_ENDPOINT'])
      expect(text, name).toMatch(new RegExp(`\\$\\{${name}:\\?`));
  });

  it('sends mail through the relay of SMTP_URL, with no mail catcher', () => {
    expect(text).not.toMatch(/mailpit|mailhog|maildev|smtp4dev/i);
    for (const name of APP_SERVICES) expect(env(name).SMTP_URL).toBe('<SMTP_URL>');
  });

  it('publishes the Temporal UI on the host loopback only, and nothing of Temporal or PostgreSQL', () => {
    expect(publishedPorts('temporal-ui').every((port) => port.startsWith('127.0.0.1:'))).toBe(true);
    for (const name of ['temporal', 'postgres', 'api', 'worker'])
      expect(publishedPorts(name), name).toEqual([]);
    expect(publishedPorts('ui')).toEqual(['3000:3000']);
  });

  it('gives the register its own S3 key, and the administrator key to setup steps only', () => {
    expect(publishedPorts('seaweedfs')).toEqual(['8333:8333']);
    for (const name of APP_SERVICES) {
      expect(env(name).S3_ACCESS_KEY).toBe('<S3_ACCESS_KEY>');
      expect(JSON.stringify(env(name))).not.toContain('S3_ADMIN');
    }
    const holders = Object.keys(services).filter((name) =>
      JSON.stringify(services[name]).includes('S3_ADMIN'),
    );
    expect(holders.sort()).toEqual(['s3-setup', 'seaweedfs']);
    expect(text).not.toMatch(/MINIO_ROOT|minio/i);
  });
});
