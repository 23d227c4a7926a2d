/**
 * The keys of a recording run (`RECORD_HISTORIES=1`): histories are recorded sealed, as Temporal
 * holds them, so tests/workflows/replay.test.ts must open them later with the same key. These are
 * public test keys (named test-…, which production refuses); any other run draws its own.
 */
export const RECORDING_KEYS = {
  DATA_KEYS: 'test-recorded:bpPOQlL6BMY6S+IzF2HZk/b1cpqD+60FgI8SY9fimoE=',
  DATA_INDEX_KEY: 'test-recorded-index:MP5VRIZWh3BXw/T74E7NOsc2gRfrVscGfB02pz2JG5Q=',
};
