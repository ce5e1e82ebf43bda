-- One service's two PostgreSQL roles, let into the current database (see packages/db/src/roles.ts).
-- Idempotent; run as an administrator connected to the application database, once per service,
-- with these settings in the session (set_config):
--   krisstod.schema              the service's schema, e.g. support_centres
--   krisstod.role                its login role, e.g. ks_support_centres
--   krisstod.migrator_role       its migrator, e.g. ks_support_centres_migrator
--   krisstod.role_password       password of the login role ('' leaves it as it is)
--   krisstod.migrator_password   password of the migrator ('' leaves it as it is)
-- Used by @krisstod/db (launcher, tests), infra/postgres/provision-roles.sh (docker compose) and
-- the CloudNativePG cluster's bootstrap (infra/k8s/base/postgres.yaml, without passwords: the
-- operator sets them from Secrets).
DO $provision$
DECLARE
  schema_name text := current_setting('krisstod.schema');
  service_role text := current_setting('krisstod.role');
  migrator_role text := current_setting('krisstod.migrator_role');
  passwords text[] := ARRAY[current_setting('krisstod.migrator_password'), current_setting('krisstod.role_password')];
  roles text[] := ARRAY[migrator_role, service_role];
  owner_oid oid;
  ns oid;
  owned_schema text;
  item record;
BEGIN
  -- Roles are cluster-wide: another database's provisioning may create the same role at this moment.
  FOR i IN 1 .. 2 LOOP
    BEGIN
      EXECUTE format('CREATE ROLE %I LOGIN', roles[i]);
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
    EXECUTE format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', roles[i]);
    IF passwords[i] <> '' THEN
      EXECUTE format('ALTER ROLE %I PASSWORD %L', roles[i], passwords[i]);
    END IF;
  END LOOP;

  -- In the database: CONNECT for both, CREATE (of schemas) for the migrator, no temporary tables and
  -- nothing in public for anyone else (PostgreSQL before 15 lets everyone create tables there).
  EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I, %I', current_database(), service_role, migrator_role);
  EXECUTE format('GRANT CREATE ON DATABASE %I TO %I', current_database(), migrator_role);
  REVOKE CREATE ON SCHEMA public FROM PUBLIC;

  -- A schema from before the roles existed (or restored by an administrator) goes to the migrator
  -- with everything in it; sequences that belong to a table follow their table.
  owner_oid := (SELECT oid FROM pg_roles WHERE rolname = migrator_role);
  FOREACH owned_schema IN ARRAY ARRAY[schema_name, schema_name || '_migrations'] LOOP
    ns := (SELECT oid FROM pg_namespace WHERE nspname = owned_schema);
    CONTINUE WHEN ns IS NULL;
    IF (SELECT nspowner FROM pg_namespace WHERE oid = ns) <> owner_oid THEN
      EXECUTE format('ALTER SCHEMA %I OWNER TO %I', owned_schema, migrator_role);
    END IF;
    FOR item IN
      SELECT c.oid, c.relkind FROM pg_class c
      WHERE c.relnamespace = ns AND c.relowner <> owner_oid AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
        AND NOT (c.relkind = 'S' AND EXISTS (
          SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
            AND d.deptype IN ('a', 'i')))
    LOOP
      EXECUTE format('ALTER %s %s OWNER TO %I',
        CASE item.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
          WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
        item.oid::regclass, migrator_role);
    END LOOP;
    FOR item IN SELECT p.oid FROM pg_proc p WHERE p.pronamespace = ns AND p.proowner <> owner_oid LOOP
      EXECUTE format('ALTER ROUTINE %s OWNER TO %I', item.oid::regprocedure, migrator_role);
    END LOOP;
    FOR item IN
      SELECT t.oid FROM pg_type t
      WHERE t.typnamespace = ns AND t.typowner <> owner_oid AND t.typtype IN ('e', 'd', 'c', 'r')
        AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c')
    LOOP
      EXECUTE format('ALTER TYPE %s OWNER TO %I', item.oid::regtype, migrator_role);
    END LOOP;
  END LOOP;
END
$provision$;
