/**
 * Loaded by path (`failureConverterPath`) in the worker, its workflow bundle and the clients: a
 * failure's message and stack trace go into its encoded attributes, i.e. through the payload codec,
 * instead of in clear in the history. Imports only `@temporalio/common`: it runs in the workflow
 * sandbox too.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
