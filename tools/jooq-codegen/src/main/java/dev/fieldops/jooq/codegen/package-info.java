/**
 * Build-time generation of a service's jOOQ classes from its Flyway migrations. The scripts run
 * against a real PostgreSQL (an embedded one started for the build, or a server named by {@code
 * FIELDOPS_CODEGEN_ADMIN_URL}) so that generated types match production exactly — jOOQ's
 * DDL-interpreting alternative misreads PostgreSQL types such as {@code jsonb} and partitioned
 * tables. Generation is skipped when the output is newer than every migration script.
 */
package dev.fieldops.jooq.codegen;
