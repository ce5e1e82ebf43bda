#!/usr/bin/env bash
# docker compose's one-shot `db-roles`: creates (or updates) every service's two PostgreSQL roles
# in the application database with the passwords from .env, before any service starts, on every
# `docker compose up` (so a new password or an existing volume from before the roles is taken care
# of). The SQL is packages/db/sql/provision-service-roles.sql, the same the launcher and tests run.
# Connection: the PG* variables of the administrator (POSTGRES_USER of the postgres container).
set -euo pipefail
sql_file="${PROVISION_SQL:-/provision/provision-service-roles.sql}"

provision() { # <service schema> <login role password> <migrator password>
  local schema="$1" role="ks_$1"
  psql -v ON_ERROR_STOP=1 -q -v schema="$schema" -v role="$role" -v migrator="${role}_migrator" \
    -v role_password="$2" -v migrator_password="$3" -v sql_file="$sql_file" <<'SQL'
begin;
select set_config('krisstod.schema', :'schema', true), set_config('krisstod.role', :'role', true),
       set_config('krisstod.migrator_role', :'migrator', true),
       set_config('krisstod.role_password', :'role_password', true),
       set_config('krisstod.migrator_password', :'migrator_password', true) \g /dev/null
\i :sql_file
commit;
SQL
  echo "db-roles: $role and ${role}_migrator ready"
}

provision roster "$ROSTER_DB_PASSWORD" "$ROSTER_MIGRATOR_DB_PASSWORD"
provision activation "$ACTIVATION_DB_PASSWORD" "$ACTIVATION_MIGRATOR_DB_PASSWORD"
provision support_centres "$SUPPORT_CENTRES_DB_PASSWORD" "$SUPPORT_CENTRES_MIGRATOR_DB_PASSWORD"
provision reporting "$REPORTING_DB_PASSWORD" "$REPORTING_MIGRATOR_DB_PASSWORD"
