/**
 * Keyset pagination as the ports see it: a page size and an opaque cursor after which to continue.
 * The cursor's content is the adapter's business (a key, never an offset), so pages stay stable
 * while rows are inserted concurrently.
 */
package dev.fieldops.invoicing.domain.paging;
