/**
 * Small value types that both aggregates of the support context share: who acts ({@link
 * dev.fieldops.support.domain.shared.Actor}), the moment and id source of a change ({@link
 * dev.fieldops.support.domain.shared.ChangeContext}, the kernel's {@code Stamp} with the actor) and
 * the common shape of the events they raise. They live apart so that the customer and ticket
 * packages can use them without depending on each other the wrong way round.
 */
package dev.fieldops.support.domain.shared;
