/**
 * The composition root of customer support: what the process is called and where it listens ({@code
 * CustomerSupportMain}), what it reads from the environment ({@code CustomerSupportConfig}) and how
 * adapters, handlers and jobs are put together with plain constructors ({@code
 * CustomerSupportWiring}), plus the operator commands that run beside the service on the same
 * configuration ({@code RebuildProjection}, {@code DeadLetterCommand}). Nothing else in the service
 * builds its own dependencies.
 */
package dev.fieldops.support.bootstrap;
