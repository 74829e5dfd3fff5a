-- One database and one login role per bounded context. Run as a superuser (or a role with
-- CREATEROLE and CREATEDB), e.g.
--   psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -f deploy/postgres/create-databases.sql
-- It is idempotent: run it again at any time. ./fieldops up runs this very file for a local run
-- (tools/jooq-codegen's LocalPostgres executes it over JDBC, \gexec included, as psql would), so
-- what is here is what a local run gets. Passwords here are for local use only; production takes
-- them from a secret store.
--
-- Each role can reach only its own database: CONNECT is revoked from PUBLIC and granted to the
-- owner alone. Timeouts live on the role so that every connection, including a psql session of an
-- operator acting as the service, gets them.

SELECT 'CREATE ROLE fieldops_support LOGIN PASSWORD ''fieldops_support'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fieldops_support')\gexec
SELECT 'CREATE ROLE fieldops_telemetry LOGIN PASSWORD ''fieldops_telemetry'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fieldops_telemetry')\gexec
SELECT 'CREATE ROLE fieldops_invoicing LOGIN PASSWORD ''fieldops_invoicing'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fieldops_invoicing')\gexec

SELECT 'CREATE DATABASE fieldops_support OWNER fieldops_support'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'fieldops_support')\gexec
SELECT 'CREATE DATABASE fieldops_telemetry OWNER fieldops_telemetry'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'fieldops_telemetry')\gexec
SELECT 'CREATE DATABASE fieldops_invoicing OWNER fieldops_invoicing'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'fieldops_invoicing')\gexec

REVOKE CONNECT ON DATABASE fieldops_support FROM PUBLIC;
REVOKE CONNECT ON DATABASE fieldops_telemetry FROM PUBLIC;
REVOKE CONNECT ON DATABASE fieldops_invoicing FROM PUBLIC;
GRANT CONNECT ON DATABASE fieldops_support TO fieldops_support;
GRANT CONNECT ON DATABASE fieldops_telemetry TO fieldops_telemetry;
GRANT CONNECT ON DATABASE fieldops_invoicing TO fieldops_invoicing;

ALTER ROLE fieldops_support SET statement_timeout = '5s';
ALTER ROLE fieldops_support SET lock_timeout = '2s';
ALTER ROLE fieldops_support SET idle_in_transaction_session_timeout = '10s';
ALTER ROLE fieldops_telemetry SET statement_timeout = '10s';
ALTER ROLE fieldops_telemetry SET lock_timeout = '2s';
ALTER ROLE fieldops_telemetry SET idle_in_transaction_session_timeout = '10s';
ALTER ROLE fieldops_invoicing SET statement_timeout = '5s';
ALTER ROLE fieldops_invoicing SET lock_timeout = '2s';
ALTER ROLE fieldops_invoicing SET idle_in_transaction_session_timeout = '10s';
