/**
 * Page tokens of the gRPC lists: the opaque, signed {@code page_token} a client passes back to get
 * the next page. They wrap the keyset cursor a query port returned and bind it to the list's
 * filters, so a client cannot forge, edit or replay a token with other filters; the port below
 * never sees a wire token.
 */
package dev.fieldops.grpc.paging;
