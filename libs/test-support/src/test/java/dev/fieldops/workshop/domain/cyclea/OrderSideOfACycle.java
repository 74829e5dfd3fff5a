package dev.fieldops.workshop.domain.cyclea;

import dev.fieldops.workshop.domain.cycleb.PartSideOfACycle;

/**
 * Breaks the no-cycle rule together with {@link PartSideOfACycle}: each package needs the other.
 */
public record OrderSideOfACycle(PartSideOfACycle part) {}
