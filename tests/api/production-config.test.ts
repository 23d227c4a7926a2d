/**
 * Production (NODE_ENV=production) refuses to start on the repository's default secrets: the api
 * and the worker exit before connecting to anything, and say which variables to set.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKFLOW_CACHE_SIZE, loadConfig } from '../../infra/config.ts';
import { newKeyEnv } from '../../infra/keys.ts';

/** docker-compose.yml's development defaults, as a production run would inherit them. */
const DEFAULTS = {
  DATABASE_URL: 'postgres://registre:registre@postgres:5432/registre',
  S3_ENDPOINT: 'http://minio:9000',
  S3_ACCESS_KEY: 'registre',
  S3_SECRET_KEY: 'registre-secret',
  SNGI_URL: 'http://sngi.invalid',
  SMTP_URL: 'smtp://mailpit:1025',
  PUBLIC_URL: 'http://localhost:3000',
  ...newKeyEnv('dev'),
};

const SET = {
  DATABASE_URL: 'postgres://registre:Zy4-long-et-aleatoire-9q@db.interne:5432/registre',
  S3_ENDPOINT: 'https://s3.interne',
  S3_ACCESS_KEY: 'registre-app',
  S3_SECRET_KEY: 'une-cle-secrete-de-40-caracteres-au-moins',
  SNGI_URL: 'https://sngi.interne',
  SMTP_URL: 'smtp://relais.interne:587',
  PUBLIC_URL: 'https://registre-assmat.fr',
  ...newKeyEnv('prod'),
};

describe('production configuration', () => {
  it('accepts the defaults outside production', () => {
    expect(loadConfig(DEFAULTS).s3.accessKey).toBe('registre');
  });

  it('refuses each default secret in production, naming its variable', () => {
    let message = '';
    try {
      loadConfig({ ...DEFAULTS, NODE_ENV: 'production', DEV_MAILBOX_URL: 'http://127.0.0.1:4620' });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const variable of [
      'S3_ACCESS_KEY',
      'S3_SECRET_KEY',
      'DATABASE_URL',
      'DEV_MAILBOX_URL',
      'SNGI_URL',
      'PUBLIC_URL',
      'DATA_KEYS',
    ])
      expect(message).toContain(variable);
    expect(message).not.toContain('registre-secret'); // it names variables, never their values
  });

  it('refuses to start without data keys, or with malformed ones, in any mode', () => {
    const { DATA_KEYS: _keys, ...withoutKeys } = SET;
    expect(() => loadConfig(withoutKeys)).toThrow(/DATA_KEYS et DATA_INDEX_KEY/);
    expect(() => loadConfig({ ...SET, DATA_KEYS: 'k1:dHJvcC1jb3VydGU=' })).toThrow(/32 octets/);
    expect(() => loadConfig({ ...SET, DATA_KEYS: 'sans-identifiant' })).toThrow(/identifiant:base64/);
  });

  it('bounds the workflows a worker keeps in memory, refusing a size its tasks at once cannot fit', () => {
    expect(loadConfig(SET).workflowCacheSize).toBe(DEFAULT_WORKFLOW_CACHE_SIZE);
    expect(loadConfig({ ...SET, WORKFLOW_CACHE_SIZE: '250' }).workflowCacheSize).toBe(250);
    for (const wrong of ['5', '12.5', 'beaucoup'])
      expect(() => loadConfig({ ...SET, WORKFLOW_CACHE_SIZE: wrong })).toThrow(/WORKFLOW_CACHE_SIZE/);
  });

  it('starts with real secrets', () => {
    expect(loadConfig({ ...SET, NODE_ENV: 'production' }).publicUrl).toBe('https://registre-assmat.fr');
    const viaPgPassword = {
      ...SET,
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://registre@db.interne/registre',
    };
    expect(() => loadConfig(viaPgPassword)).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ...viaPgPassword, PGPASSWORD: 'Zy4-long-et-aleatoire-9q' })).not.toThrow();
  });

  it.each(['api/main.ts', 'worker/main.ts'])('makes %s exit at once on them', (entry) => {
    const run = spawnSync(process.execPath, [entry], {
      env: { PATH: process.env.PATH, ...DEFAULTS, NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('Configuration refusée en production');
    expect(run.stderr).toContain('S3_SECRET_KEY');
  });
});
