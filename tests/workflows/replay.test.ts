/**
 * Histories recorded from earlier runs of the workflow tests (tests/workflows/histories/, refreshed
 * with `RECORD_HISTORIES=1 npm test -- tests/workflows`) are replayed against today's workflow code:
 * a change that is not deterministic for cases already running fails here. Such a change must go
 * through `patched()`. Files hold protobufjs' JSON form of the history (written with JSON.stringify, read
 * with History.fromObject of @temporalio/proto, the same protobuf instance as the worker's).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import * as workflows from '../../workflows/index.ts';
import { readKeyRing } from '../../infra/keys.ts';
import { sealedDataConverter } from '../../infra/temporal/data-converter.ts';
import { RECORDING_KEYS } from '../support/recording-keys.ts';
import { RECORDED_HISTORIES } from '../support/stack.ts';

// The replay worker's state changes and every replayed task at INFO would bury the result.
Runtime.install({ logger: new DefaultLogger('WARN') });

describe('recorded workflow histories', () => {
  it('replay deterministically with the current workflow code', async () => {
    const files = readdirSync(RECORDED_HISTORIES).filter((file) => file.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: temporal.api.history.v1.History.fromObject(
        JSON.parse(readFileSync(path.join(RECORDED_HISTORIES, file), 'utf8')),
      ),
    }));
    // Every workflow type the worker runs has histories kept here, the lifecycle and the bulk too.
    const types = new Set(
      histories.map(
        (h) => h.history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name,
      ),
    );
    expect([...types].sort()).toEqual(Object.keys(workflows).sort());
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(
      // Histories recorded before the codec are in clear (they decode as they are); later ones are
      // sealed with the recording run's keys.
      {
        workflowBundle: { codePath: inject('stack').workflowBundlePath },
        dataConverter: sealedDataConverter(readKeyRing(RECORDING_KEYS)),
      },
      histories,
    )) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});
