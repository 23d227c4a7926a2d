/**
 * Nothing personal in clear in Temporal: a real registration, from submission to publication,
 * read back through a client WITHOUT the codec (what Temporal's server, its database and anyone
 * with `temporal workflow show` see) holds only ciphertext: every payload is sealed, every failure
 * is "Encoded failure" (the core's own marker headers hold only its bookkeeping: checked field by
 * field), and the NIR, birth name and email are nowhere in the history's bytes. With
 * the codec, the same history opens.
 */
import proto from '@temporalio/proto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { caseCommands } from '../../api/cases/commands.ts';
import { readKeyRing } from '../../infra/keys.ts';
import { EncryptionCodec, isEncrypted } from '../../infra/temporal/codec.ts';
import { NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import { registrationWorkflowId } from '../../workflows/registration.ts';
import {
  createUser,
  insertRegistration,
  placeUpload,
  registrationFor,
  samplePdf,
  waitForStatus,
} from '../support/fixtures.ts';
import { kindsIn, scanHistories } from '../support/personal-data-scan.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

type History = Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;

let stack: FileStack;
let bare: Client;
let bareConnection: Connection;

beforeAll(async () => {
  stack = await setUpFile('sealed-history');
  bareConnection = await Connection.connect({ address: inject('stack').temporalAddress });
  bare = new Client({ connection: bareConnection }); // no codec: the raw history
});
afterAll(async () => {
  await bareConnection?.close();
  await stack?.teardown();
});

/** What the SDK's core writes in clear in a local activity's marker: its bookkeeping, no value of ours. */
const LOCAL_ACTIVITY_MARKER_FIELDS = [
  'activity_id',
  'activity_type',
  'attempt',
  'backoff',
  'complete_time',
  'original_schedule_time',
  'seq',
];

interface Found {
  payloads: unknown[];
  failures: Array<{ message?: string }>;
  /** The fields of each local activity marker's clear header. */
  markerHeaders: string[][];
}

type Marker = { markerName?: string; details?: Record<string, { payloads?: Array<{ data?: Uint8Array }> }> };

/** Every Payload (an object with `data` and `metadata`) and every Failure of the history, but search attributes and the core's markers. */
function walk(node: unknown, found: Found, key = '') {
  if (!node || typeof node !== 'object' || ArrayBuffer.isView(node)) return;
  if (key === 'searchAttributes') return; // indexed in clear by design: ids and statuses only
  if (key === 'markerRecordedEventAttributes') {
    const marker = node as Marker;
    // `wf.patched()` markers: the SDK's core writes the patch's name, never through the codec.
    if (marker.markerName === 'core_patch') return;
    // A local activity's marker: its header (`data`) is the core's, in clear; its result goes through the codec.
    if (marker.markerName === 'core_local_activity') {
      const { data, ...rest } = marker.details ?? {};
      for (const header of data?.payloads ?? [])
        found.markerHeaders.push(Object.keys(JSON.parse(Buffer.from(header.data!).toString())).sort());
      walk(rest, found, 'details');
      walk((node as { failure?: unknown }).failure, found, 'failure');
      return;
    }
  }
  if ('data' in node && 'metadata' in node) found.payloads.push(node);
  if (key === 'failure' || key === 'cause') found.failures.push(node as { message?: string });
  for (const [k, v] of Object.entries(node)) walk(v, found, k);
}

describe('a case in Temporal history', () => {
  it('is ciphertext only without the codec, and opens with it', async () => {
    const person = NAMED_PEOPLE.camille;
    const owner = await createUser(stack.db);
    const commands = caseCommands(stack.deps);
    const moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
    const registrationId = await insertRegistration(stack.db, owner.id, registrationFor(person));
    const documentId = await placeUpload(stack.db, stack.storage, registrationId, await samplePdf());
    await commands.attachDocument(registrationId, owner.id, owner.actor, documentId);
    await commands.submit(registrationId, owner.id, owner.actor);
    await waitForStatus(stack.db, registrationId, 'in_moderation');
    await commands.claim(registrationId, moderator);
    // A refused update records a failure in the history: it must be sealed too.
    await expect(commands.submit(registrationId, owner.id, owner.actor)).rejects.toThrow();
    const view = await commands.decide(registrationId, {
      actor: moderator,
      kind: 'approve',
      messageId: null,
    });
    expect(view.status).toBe('active'); // with the codec, the workflow works as before

    const workflowId = registrationWorkflowId(registrationId);
    const raw: History = await bare.workflow.getHandle(workflowId).fetchHistory();
    const bytes = Buffer.from(proto.temporal.api.history.v1.History.encode(raw).finish());
    for (const secret of [person.nir, person.nir.replace(/\s/g, ''), person.birthName, owner.email])
      expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);

    const found: Found = { payloads: [], failures: [], markerHeaders: [] };
    walk(raw, found);
    expect(found.payloads.length).toBeGreaterThan(10);
    expect(found.markerHeaders.length).toBeGreaterThan(0); // the lean registration's local activities
    for (const fields of found.markerHeaders) expect(fields).toEqual(LOCAL_ACTIVITY_MARKER_FIELDS);
    expect(found.payloads.filter((p) => !isEncrypted(p as never))).toEqual([]);
    for (const failure of found.failures) expect(failure.message).toBe('Encoded failure');

    // The codec opens it: the workflow's input names the case.
    const started = raw.events?.[0]?.workflowExecutionStartedEventAttributes;
    const codec = new EncryptionCodec(readKeyRing(inject('stack').dataKeys));
    const [input] = await codec.decode(started!.input!.payloads! as never);
    expect(Buffer.from(input!.data!).toString()).toContain(registrationId);
    await stack.keepHistory(stack.temporal.workflow.getHandle(workflowId));
    expect(await stack.replayKeptHistories()).toEqual({ count: 1, failures: [] });
  });

  it('would be caught by the scan every file ends with, were anything sent in clear', async () => {
    // A client without the codec starts a workflow (of a type no worker has) on a queue of its own (outside this file's
    // end-of-file scan, which must stay clean): its input is in clear in the history.
    const person = NAMED_PEOPLE.ana;
    registrationFor(person); // the fixtures record what the scan looks for: her, and her phone
    const taskQueue = `${stack.taskQueue}-en-clair`;
    const handle = await bare.workflow.start('sondeEnClair', {
      taskQueue,
      workflowId: `sonde-en-clair-${stack.taskQueue}`,
      args: [{ nir: person.nir, birthName: person.birthName, birthDate: '1979-11-23' }],
    });
    const { histories, findings } = await scanHistories(
      bareConnection,
      'default',
      `TaskQueue = '${taskQueue}'`,
    );
    await handle.terminate();
    expect(histories).toBe(1);
    expect(findings).toEqual([
      `${handle.workflowId} (${handle.firstExecutionRunId}), événement 1 : NIR, nom, date de naissance`,
    ]);
    expect(findings.join()).not.toContain(person.birthName); // it names the kind, never the value
    // And the log scan (the same look-up) sees a name, a phone or an address typed in a line.
    expect(kindsIn('refusé pour FERREIRA, joignable au 06 12 34 56 78')).toEqual(['nom', 'téléphone']);
    expect(kindsIn('{"firstNames":["Ana"]}')).toEqual(['prénom']);
    expect(kindsIn('requête 201 en 12 ms pour Anabelle')).toEqual([]);
  });
});
