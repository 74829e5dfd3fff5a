/**
 * Conversions between the domain's value types and the published protobuf types that both the gRPC
 * adapter and the event mapper need (money, timestamps, enums), written once so that an amount or
 * an instant looks the same in a response and in an event.
 */
package dev.fieldops.invoicing.adapter.proto;
