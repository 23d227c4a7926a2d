/**
 * The OpenAPI document describes every route the API serves, and nothing it does not; it is valid
 * OpenAPI 3.1 (checked by an independent validator, @readme/openapi-parser) and served as is.
 */
import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRouters } from '../../api/app.ts';
import { openApiDocument, OPERATIONS } from '../../api/openapi/document.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
beforeAll(async () => {
  stack = await setUpFile('api-openapi', { api: true });
});
afterAll(() => stack?.teardown());

interface Document {
  paths: Record<
    string,
    Record<string, { security?: unknown[]; parameters?: Array<{ name: string; in: string }> }>
  >;
}

/** `/api/x/:id/y` as a pattern matching `/api/x/{id}/y` or a documented specialisation of it. */
function pattern(routePath: string): RegExp {
  const escaped = routePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}

function routes(): Array<{ method: string; path: string }> {
  return apiRouters(stack.deps).flatMap((router) =>
    router.stack.flatMap((layer) =>
      layer.methods
        .filter((m) => m !== 'HEAD')
        .map((method) => ({ method, path: String(layer.path).replace(/\/$/, '') || '/' })),
    ),
  );
}

describe('the OpenAPI document', () => {
  it('is served, and valid OpenAPI 3.1 with no error', async () => {
    const served = await fetch(`${stack.apiUrl}/api/openapi.json`);
    expect(served.status).toBe(200);
    const document = (await served.json()) as { openapi: string };
    expect(document.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(document) as never);
    expect(result).toMatchObject({ valid: true, warnings: [] });
  });

  it('has its validator refuse a path parameter left undeclared', async () => {
    const broken = structuredClone(openApiDocument()) as Document;
    delete broken.paths['/api/registrations/{id}']!.get!.parameters;
    const result = await validate(broken as never);
    expect(result.valid).toBe(false);
  });

  it('documents every route of every router, with its method', () => {
    const documented = openApiDocument() as Document;
    const all = routes();
    const missing = all.filter(
      ({ method, path }) =>
        !Object.entries(documented.paths).some(
          ([documentedPath, operations]) =>
            pattern(path).test(documentedPath) && method.toLowerCase() in operations,
        ),
    );
    expect(all.length).toBeGreaterThan(55);
    expect(missing).toEqual([]);
  });

  it('documents no operation that no route serves', () => {
    const all = routes();
    const unserved = OPERATIONS.filter(
      (operation) =>
        !all.some(
          ({ method, path }) =>
            method.toLowerCase() === operation.method && pattern(path).test(operation.path),
        ),
    ).map((operation) => `${operation.method} ${operation.path}`);
    expect(unserved).toEqual([]);
  });

  it('declares each path parameter, and no session on public routes', () => {
    const documented = openApiDocument() as Document;
    for (const [path, operations] of Object.entries(documented.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, operation] of Object.entries(operations)) {
        const declared = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        expect(declared.sort(), `${method} ${path}`).toEqual(names.sort());
      }
    }
    const publicOperations = OPERATIONS.filter((o) => o.access === 'public');
    expect(publicOperations.map((o) => `${o.method} ${o.path}`)).toContain('post /api/auth/login');
    for (const operation of publicOperations)
      expect(documented.paths[operation.path]![operation.method]!.security).toEqual([]);
  });

  it('declares the départements’ client credentials (HTTP Basic) on the machine routes, and only there', () => {
    const documented = openApiDocument() as Document & {
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
    };
    expect(documented.components.securitySchemes.departementClient).toMatchObject({
      type: 'http',
      scheme: 'basic',
    });
    const machine = Object.entries(documented.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => JSON.stringify(operation.security ?? null).includes('departementClient'))
        .map(([method]) => `${method} ${path}`),
    );
    expect(machine.sort()).toEqual([
      'get /api/machine/departement/notifications',
      'post /api/machine/departement/notifications',
    ]);
  });
});
