package dev.fieldops.support.domain.shared;

/** Which kind of party did something: a FieldOps employee, the customer, or automation. */
public enum ActorKind {
  STAFF,
  CUSTOMER,
  SYSTEM
}
