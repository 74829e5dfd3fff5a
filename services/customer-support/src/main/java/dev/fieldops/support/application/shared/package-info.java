/**
 * What every support use case shares: who may do what ({@link
 * dev.fieldops.support.application.shared.SupportAccess}, a table above an exhaustive switch over
 * {@link dev.fieldops.support.application.shared.SupportAction}). Handlers depend on it; it depends
 * on no handler, so the application's packages stay free of cycles.
 */
package dev.fieldops.support.application.shared;
