#!/bin/sh
# Temporal's two databases in PostgreSQL, created on first run and upgraded on every run by
# temporal-sql-tool, with the schema files embedded in the tool (same module version as the server).
# Run by `npm run start:cluster` (stack/cluster/temporal-server.ts) and by docker-compose.yml's
# `temporal-schema` service (temporalio/admin-tools), with the server's own variables:
# POSTGRES_SEEDS, DB_PORT, POSTGRES_USER, POSTGRES_PWD, DBNAME, VISIBILITY_DBNAME.
set -eu

tool="${TEMPORAL_SQL_TOOL:-temporal-sql-tool}"

# The password goes by the tool's own variable, not on a command line that `ps` shows.
export SQL_PASSWORD="$POSTGRES_PWD"

schema() {
  database=$1
  shift
  "$tool" --plugin "${DB:-postgres12}" --endpoint "$POSTGRES_SEEDS" --port "${DB_PORT:-5432}" \
    --user "$POSTGRES_USER" --database "$database" "$@"
}

for pair in "${DBNAME:-temporal}:temporal" "${VISIBILITY_DBNAME:-temporal_visibility}:visibility"; do
  database=${pair%%:*}
  name=${pair##*:}
  # Fails when the database exists, or when a DBA created it and the role may not: both are fine.
  schema "$database" create-database > /dev/null 2>&1 || echo "base $database déjà présente"
  # Version tables only, and only where none exist yet (it never lowers a recorded version).
  schema "$database" setup-schema --version 0.0
  schema "$database" update-schema --schema-name "postgresql/v12/$name"
  echo "base $database à jour (schéma postgresql/v12/$name)"
done
