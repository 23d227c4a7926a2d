/** The OpenAPI document describes every route the API serves, and nothing it does not. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRouters } from '../../api/app.ts';
import { openApiDocument } from '../../api/openapi.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
beforeAll(async () => {
  stack = await setUpFile('api-openapi');
});
afterAll(() => stack?.teardown());

/** `/api/x/:id/y` as a pattern matching `/api/x/{id}/y` or a documented specialisation of it. */
function pattern(routePath: string): RegExp {
  const escaped = routePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}

describe('the OpenAPI document', () => {
  it('documents every route of every router, with its method', () => {
    const documented = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
    const missing: string[] = [];
    let routes = 0;
    for (const router of apiRouters(stack.deps)) {
      for (const layer of router.stack) {
        for (const method of layer.methods.filter((m) => m !== 'HEAD')) {
          routes += 1;
          const matches = Object.entries(documented.paths).some(
            ([path, operations]) =>
              pattern(String(layer.path).replace(/\/$/, '') || '/').test(path) &&
              method.toLowerCase() in operations,
          );
          if (!matches) missing.push(`${method} ${layer.path}`);
        }
      }
    }
    expect(routes).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });
});
