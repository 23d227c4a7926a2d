/**
 * The sandbox process of document checks (started by sandbox.ts): checks one document at a time,
 * sent over IPC, and answers its inspection. Whatever a file does to this process (memory, time, a
 * crash in a decoder), the worker only loses this process.
 */
import { inspectDocument, type Inspection } from './inspection.ts';

interface CheckRequest {
  bytes: Uint8Array;
}

// The worker went away (even killed): nothing to answer to.
process.on('disconnect', () => process.exit(0));

process.on('message', (request: CheckRequest) => {
  inspectDocument(request.bytes)
    .catch((): Inspection => ({ ok: false, reason: 'corrupt' }))
    .then((inspection) => process.send?.({ inspection }))
    .catch(() => process.exit(1));
});

process.send?.({ ready: true });
