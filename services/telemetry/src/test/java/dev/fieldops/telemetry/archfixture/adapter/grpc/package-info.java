/** A transport adapter that reaches past the handlers into the database. */
package dev.fieldops.telemetry.archfixture.adapter.grpc;
