/**
 * Test doubles of every port, kept honest by the contract suites they pass ({@code
 * TicketRepositoryContract} and friends), plus a controllable clock and id source. They mirror the
 * transactional behaviour the real adapters must have — a failed change stores nothing, events are
 * written with the state — so handler tests can trust them.
 */
package dev.fieldops.support.testing;
