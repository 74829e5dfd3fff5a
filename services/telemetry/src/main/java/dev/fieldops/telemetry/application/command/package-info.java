/**
 * Use cases that change something: register and decommission devices, manage alert rules,
 * acknowledge alerts, ingest readings, and the timer-driven silence check. Each command is a record
 * carrying the acting principal (the same request means different things from an operator, a
 * customer and a device); each handler authorizes, drives the domain and saves through ports.
 */
package dev.fieldops.telemetry.application.command;
