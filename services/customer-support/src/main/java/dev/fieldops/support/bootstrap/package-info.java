/**
 * The composition root of customer support: what the process is called and where it listens
 * ({@code CustomerSupportMain}), what it reads from the environment ({@code CustomerSupportConfig})
 * and how adapters, handlers and jobs are put together with plain constructors ({@code
 * CustomerSupportWiring}). Nothing else in the service builds its own dependencies.
 */
package dev.fieldops.support.bootstrap;
