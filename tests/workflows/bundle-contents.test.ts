/**
 * What the workflow bundle holds. In the worker, every workflow it creates (a start, or one evicted
 * from its cache and replayed) evaluates the bundle's modules again: a schema library there cost
 * each workflow its schemas' objects (a bundle of 4.9 MB, about 1.6 MB of heap per kept workflow in
 * the surge benchmark). The API checks input with zod; workflows get it checked.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';

describe('the workflow bundle', () => {
  it('holds no schema library: zod stays with the API', () => {
    const code = readFileSync(inject('stack').workflowBundlePath, 'utf8');
    expect(code).toContain('./workflows/childminder.ts'); // the bundle read is the real one
    const modules = [...code.matchAll(/"\.\/node_modules\/((?:@[^/"]+\/)?[^/"]+)\//g)].map((m) => m[1]);
    expect([...new Set(modules)].filter((name) => name === 'zod')).toEqual([]);
    expect(code.length).toBeLessThan(3_500_000);
  });
});
