-- Run by each service's `db-grants` init container as the service's owner role (yiti_<service>_owner, the owner
-- of its database and schema), before the service migrates; idempotent. The same grants as docs/security.md
-- "Creating them in production", in the service's own database. psql variables: runtime (the runtime role),
-- schema (the service's schema) and tables (false for records: its migrations grant records_writer instead).
REVOKE ALL ON DATABASE :"DBNAME" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"DBNAME" TO :"runtime";
\if :tables
GRANT USAGE ON SCHEMA :"schema" TO :"runtime";
-- Tables and sequences the owner creates from now on (every later migration):
ALTER DEFAULT PRIVILEGES IN SCHEMA :"schema" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"runtime";
ALTER DEFAULT PRIVILEGES IN SCHEMA :"schema" GRANT USAGE, SELECT ON SEQUENCES TO :"runtime";
-- Those that exist already:
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA :"schema" TO :"runtime";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA :"schema" TO :"runtime";
\endif
