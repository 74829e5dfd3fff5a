/**
 * A made-up bounded context, the repair workshop, laid out like every FieldOps context so that the
 * shared architecture rules ({@code HexagonalArchitecture}) can be shown to pass on classes that
 * keep them and to bite on classes that break them. Each class named {@code Clean...} keeps every
 * rule; every other class breaks the rule its name tells.
 */
package dev.fieldops.workshop;
