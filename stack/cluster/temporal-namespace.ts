/**
 * The namespace of a Temporal cluster, as the register needs it: created with its retention, and the
 * custom search attributes of workflows/search-attributes.ts registered through the operator service.
 * Idempotent. Run by the cluster stack, and by docker-compose.yml's one-shot `temporal-namespace`
 * service (`node stack/cluster/temporal-namespace.ts`, with TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * TEMPORAL_RETENTION_DAYS). A managed cluster (Temporal Cloud) does both in its own console.
 */
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
// A CommonJS module: under plain Node, only its default export is seen.
import proto from '@temporalio/proto';
import { waitFor } from '../wait.ts';
import { searchAttributeKeys } from '../../workflows/search-attributes.ts';

/** How long Temporal keeps a closed workflow's history, for operators; the case itself lives in PostgreSQL. */
export const DEFAULT_RETENTION_DAYS = 30;

const { IndexedValueType } = proto.temporal.api.enums.v1;

export interface NamespaceSettings {
  address: string;
  namespace: string;
  retentionDays: number;
}

export function namespaceSettings(env: NodeJS.ProcessEnv = process.env): NamespaceSettings {
  const retentionDays = Number(env.TEMPORAL_RETENTION_DAYS || DEFAULT_RETENTION_DAYS);
  if (!Number.isInteger(retentionDays) || retentionDays < 1)
    throw new Error(`TEMPORAL_RETENTION_DAYS doit être un nombre entier de jours (reçu : ${retentionDays}).`);
  return {
    address: env.TEMPORAL_ADDRESS || 'localhost:7233',
    namespace: env.TEMPORAL_NAMESPACE || 'default',
    retentionDays,
  };
}

/** What was done, for the log: each part is false when it was already in place. */
export async function ensureNamespace(
  settings: NamespaceSettings,
): Promise<{ created: boolean; attributesAdded: string[] }> {
  // The server may still be starting (compose's health check only sees its port open).
  let connection: Connection | undefined;
  let namespaces: Awaited<ReturnType<Connection['workflowService']['listNamespaces']>> | undefined;
  await waitFor(`le serveur Temporal (${settings.address})`, 90_000, async () => {
    connection ??= await Connection.connect({ address: settings.address, connectTimeout: 2000 });
    namespaces = await connection.workflowService.listNamespaces({ pageSize: 1000 });
  });
  if (!connection || !namespaces) throw new Error('serveur Temporal injoignable');
  try {
    const { workflowService, operatorService } = connection;
    const created = !namespaces.namespaces.some((n) => n.namespaceInfo?.name === settings.namespace);
    if (created)
      await workflowService.registerNamespace({
        namespace: settings.namespace,
        workflowExecutionRetentionPeriod: msToTs(`${settings.retentionDays} days`),
        description: 'Registre national des assistantes maternelles',
      });

    const wanted = Object.fromEntries(
      searchAttributeKeys.map((key) => [
        key.name,
        IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}` as keyof typeof IndexedValueType],
      ]),
    );
    const existing = await waitForNamespace(connection, settings.namespace);
    const missing = Object.keys(wanted).filter((name) => !(name in existing));
    if (missing.length > 0)
      await operatorService.addSearchAttributes({
        namespace: settings.namespace,
        searchAttributes: Object.fromEntries(missing.map((name) => [name, wanted[name]!])),
      });

    // A visibility query naming every attribute passes once the frontend knows them all.
    const query = searchAttributeKeys.map((key) => `${key.name} = 'x'`).join(' AND ');
    await waitFor(`les attributs de recherche de ${settings.namespace}`, 60_000, () =>
      workflowService.countWorkflowExecutions({ namespace: settings.namespace, query }),
    );
    return { created, attributesAdded: missing };
  } finally {
    await connection.close();
  }
}

/** The custom search attributes, once the new namespace is known to the operator service. */
async function waitForNamespace(connection: Connection, namespace: string) {
  let attributes: Record<string, unknown> = {};
  await waitFor(`l'espace de noms ${namespace}`, 60_000, async () => {
    const listed = await connection.operatorService.listSearchAttributes({ namespace });
    attributes = listed.customAttributes ?? {};
  });
  return attributes;
}

if (import.meta.main) {
  const settings = namespaceSettings();
  const { created, attributesAdded } = await ensureNamespace(settings);
  console.log(
    `Espace de noms ${settings.namespace} ${created ? `créé (rétention ${settings.retentionDays} j)` : 'déjà présent'} ; ` +
      `attributs de recherche ${attributesAdded.length > 0 ? `ajoutés : ${attributesAdded.join(', ')}` : 'déjà présents'}.`,
  );
}
