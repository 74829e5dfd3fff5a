/**
 * The customer-support benchmark: a documented command, never a pass/fail test, since figures
 * depend on the machine and on whatever else runs on it.
 */
package dev.fieldops.support.bench;
