package dev.fieldops.telemetry.v1;

/**
 * Stands in for a class generated from the published telemetry contract (the real ones come from
 * libs/contracts), so the architecture test can prove that the domain may not use them. Test-only.
 */
public final class ArchFixtureContractMessage {}
