/**
 * The architecture rules every bounded context keeps, written once: a service's ArchitectureTest
 * names its root package and its anti-corruption decoders, and the rules do the rest. The rules are
 * proved to bite on deliberately violating fixtures in this library's own tests.
 */
package dev.fieldops.test.architecture;
