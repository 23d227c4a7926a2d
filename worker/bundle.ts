/**
 * Writes the workflow bundle to a file, for a worker started with `WORKFLOW_BUNDLE` naming it: the
 * image builds it once (Dockerfile), so that a worker starts in a second or two and does not carry
 * the bundler's memory (about 200 MB more resident, measured by `bench/surge.ts`).
 *
 *   node worker/bundle.ts /app/workflow-bundle.js
 */
import { writeFileSync } from 'node:fs';
import { bundleWorkflows } from './create-worker.ts';

const target = process.argv[2];
if (!target) {
  console.error('Usage : node worker/bundle.ts <fichier>');
  process.exit(2);
}
writeFileSync(target, (await bundleWorkflows()).code);
console.log(`Workflows empaquetés dans ${target}`);
