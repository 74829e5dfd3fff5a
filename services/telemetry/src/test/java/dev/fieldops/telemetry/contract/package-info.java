/**
 * One contract suite per port: the behaviour every implementation must show, written once and run
 * against the in-memory fakes now and against the PostgreSQL adapters later (their integration
 * tests extend these classes and supply the port, plus hooks that insert prerequisite rows). Each
 * test works on customers and devices of its own, so a store shared between the tests of a class
 * does no harm.
 */
package dev.fieldops.telemetry.contract;
