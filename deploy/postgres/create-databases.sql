-- Two login roles and one database per bounded context. Run as a superuser, e.g.
--   psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -f deploy/postgres/create-databases.sql
-- It is idempotent: run it again at any time (also over databases made by an earlier version of
-- it: the grants then cover the tables already there). ./fieldops up runs this very file for a
-- local run (tools/jooq-codegen's LocalPostgres executes it over JDBC, \gexec and \connect
-- included, as psql would), so what is here is what a local run gets. Passwords here are for local
-- use only; production sets them from a secret store (ALTER ROLE ... PASSWORD) and hands them to
-- the services as files (DATABASE_PASSWORD_FILE, DATABASE_MIGRATION_PASSWORD_FILE).
--
-- Per context, e.g. support:
--   fieldops_support      the owner: owns the database and its schema, runs the migrations
--                         (DATABASE_MIGRATION_USER); a service never serves requests as it.
--   fieldops_support_app  the service (DATABASE_USER): SELECT/INSERT/UPDATE/DELETE on the tables,
--                         USAGE on the sequences, EXECUTE on the schema's functions, temporary
--                         tables; it cannot create, alter or drop anything. ALTER DEFAULT
--                         PRIVILEGES extends its grants to everything a later migration of the
--                         owner creates. The little DDL a service does while running (telemetry's
--                         daily partitions, support's yearly ticket-number sequences) goes through
--                         SECURITY DEFINER functions the migrations create.
-- Each role can reach only its own context's database: CONNECT is revoked from PUBLIC and granted
-- to the context's two roles alone. Timeouts live on the roles so that every connection, including
-- a psql session of an operator acting as the service, gets them.

SELECT 'CREATE ROLE fieldops_support LOGIN PASSWORD ''fieldops_support'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fieldops_support')\gexec
SELECT 'CREATE ROLE fieldops_support_app LOGIN PASSWORD ''fieldops_support_app'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fieldops_support_app')\gexec
SELECT 'CREATE ROLE fieldops_telemetry LOGIN PASSWORD ''fieldops_telemetry'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fieldops_telemetry')\gexec
SELECT 'CREATE ROLE fieldops_telemetry_app LOGIN PASSWORD ''fieldops_telemetry_app'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fieldops_telemetry_app')\gexec
SELECT 'CREATE ROLE fieldops_invoicing LOGIN PASSWORD ''fieldops_invoicing'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fieldops_invoicing')\gexec
SELECT 'CREATE ROLE fieldops_invoicing_app LOGIN PASSWORD ''fieldops_invoicing_app'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fieldops_invoicing_app')\gexec

SELECT 'CREATE DATABASE fieldops_support OWNER fieldops_support'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'fieldops_support')\gexec
SELECT 'CREATE DATABASE fieldops_telemetry OWNER fieldops_telemetry'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'fieldops_telemetry')\gexec
SELECT 'CREATE DATABASE fieldops_invoicing OWNER fieldops_invoicing'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'fieldops_invoicing')\gexec

REVOKE ALL ON DATABASE fieldops_support FROM PUBLIC;
REVOKE ALL ON DATABASE fieldops_telemetry FROM PUBLIC;
REVOKE ALL ON DATABASE fieldops_invoicing FROM PUBLIC;
GRANT CONNECT ON DATABASE fieldops_support TO fieldops_support;
GRANT CONNECT, TEMPORARY ON DATABASE fieldops_support TO fieldops_support_app;
GRANT CONNECT ON DATABASE fieldops_telemetry TO fieldops_telemetry;
GRANT CONNECT, TEMPORARY ON DATABASE fieldops_telemetry TO fieldops_telemetry_app;
GRANT CONNECT ON DATABASE fieldops_invoicing TO fieldops_invoicing;
GRANT CONNECT, TEMPORARY ON DATABASE fieldops_invoicing TO fieldops_invoicing_app;

ALTER ROLE fieldops_support SET statement_timeout = '5s';
ALTER ROLE fieldops_support SET lock_timeout = '2s';
ALTER ROLE fieldops_support SET idle_in_transaction_session_timeout = '10s';
ALTER ROLE fieldops_support_app SET statement_timeout = '5s';
ALTER ROLE fieldops_support_app SET lock_timeout = '2s';
ALTER ROLE fieldops_support_app SET idle_in_transaction_session_timeout = '10s';
ALTER ROLE fieldops_telemetry SET statement_timeout = '10s';
ALTER ROLE fieldops_telemetry SET lock_timeout = '2s';
ALTER ROLE fieldops_telemetry SET idle_in_transaction_session_timeout = '10s';
ALTER ROLE fieldops_telemetry_app SET statement_timeout = '10s';
ALTER ROLE fieldops_telemetry_app SET lock_timeout = '2s';
ALTER ROLE fieldops_telemetry_app SET idle_in_transaction_session_timeout = '10s';
ALTER ROLE fieldops_invoicing SET statement_timeout = '5s';
ALTER ROLE fieldops_invoicing SET lock_timeout = '2s';
ALTER ROLE fieldops_invoicing SET idle_in_transaction_session_timeout = '10s';
ALTER ROLE fieldops_invoicing_app SET statement_timeout = '5s';
ALTER ROLE fieldops_invoicing_app SET lock_timeout = '2s';
ALTER ROLE fieldops_invoicing_app SET idle_in_transaction_session_timeout = '10s';

-- Inside each database: the owner owns the schema (before PostgreSQL 15 everyone could create in
-- public), the service may use it and touch rows, now and for every table migrations add later.

\connect fieldops_support
ALTER SCHEMA public OWNER TO fieldops_support;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO fieldops_support_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO fieldops_support_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO fieldops_support_app;
ALTER DEFAULT PRIVILEGES FOR ROLE fieldops_support IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO fieldops_support_app;
ALTER DEFAULT PRIVILEGES FOR ROLE fieldops_support IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO fieldops_support_app;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO fieldops_support_app;
ALTER DEFAULT PRIVILEGES FOR ROLE fieldops_support REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE fieldops_support IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO fieldops_support_app;

\connect fieldops_telemetry
ALTER SCHEMA public OWNER TO fieldops_telemetry;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO fieldops_telemetry_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO fieldops_telemetry_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO fieldops_telemetry_app;
ALTER DEFAULT PRIVILEGES FOR ROLE fieldops_telemetry IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO fieldops_telemetry_app;
ALTER DEFAULT PRIVILEGES FOR ROLE fieldops_telemetry IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO fieldops_telemetry_app;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO fieldops_telemetry_app;
ALTER DEFAULT PRIVILEGES FOR ROLE fieldops_telemetry REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE fieldops_telemetry IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO fieldops_telemetry_app;

\connect fieldops_invoicing
ALTER SCHEMA public OWNER TO fieldops_invoicing;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO fieldops_invoicing_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO fieldops_invoicing_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO fieldops_invoicing_app;
ALTER DEFAULT PRIVILEGES FOR ROLE fieldops_invoicing IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO fieldops_invoicing_app;
ALTER DEFAULT PRIVILEGES FOR ROLE fieldops_invoicing IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO fieldops_invoicing_app;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO fieldops_invoicing_app;
ALTER DEFAULT PRIVILEGES FOR ROLE fieldops_invoicing REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE fieldops_invoicing IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO fieldops_invoicing_app;
