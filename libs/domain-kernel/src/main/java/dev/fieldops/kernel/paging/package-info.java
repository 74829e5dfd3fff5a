/**
 * Keyset paging shared by every context's list queries: which page a caller asks for, and the page
 * a query port answers with. Cursors are opaque strings that only the port implementation that
 * issued them understands; the gRPC adapters sign and wrap them into page tokens, so domain and
 * application code never see a wire token.
 */
package dev.fieldops.kernel.paging;
