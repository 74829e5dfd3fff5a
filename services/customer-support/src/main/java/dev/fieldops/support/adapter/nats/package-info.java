/**
 * Support's side of NATS: every domain event becomes the event message published in {@code
 * support_events.proto}, wrapped as an outbox row for the relay. The domain events say what
 * happened to an aggregate; a subscriber also wants the surrounding facts (the priority when the
 * SLA was breached, how long a ticket was paused), which this package reads off the aggregate's
 * state as the events replay over it, so that no subscriber ever has to call back.
 *
 * <p>It is also where support listens to the other contexts: durable consumers on telemetry's and
 * invoicing's streams ({@code SupportConsumers}), whose decoders check each event like a request
 * before turning it into an application fact, started in the background by a supervisor so that
 * support runs before the other contexts' streams exist.
 */
package dev.fieldops.support.adapter.nats;
