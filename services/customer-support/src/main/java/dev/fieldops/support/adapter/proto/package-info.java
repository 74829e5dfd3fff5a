/**
 * The one translation between the support domain's value types (statuses, priorities, tiers,
 * instants) and their counterparts in the published contract ({@code fieldops.support.v1}). Both
 * the gRPC adapter and the event mapper speak the contract, and a priority must read the same in a
 * response as in an event, so they share this dictionary instead of keeping two.
 */
package dev.fieldops.support.adapter.proto;
