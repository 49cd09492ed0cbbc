/**
 * The memcached text and meta protocol request codec, byte-compatible with memcached 1.6.18.
 *
 * <p>This package depends only on Netty's buffers and codec base, so the cache server and the proxy
 * both use it. It has no storage or network code. In a pipeline, {@link
 * io.memkube.protocol.request.RequestDecoder} frames requests (with backpressure and half-closure,
 * see there); the parser below is its core, usable on its own.
 *
 * <h2>Parsing</h2>
 *
 * <pre>{@code
 * RequestParser parser = new RequestParser(1024 * 1024); // one per connection, -I limit
 * Request req = Request.create();                          // reused for every request
 * while (true) {
 *   ParseResult r = parser.parse(cumulation, req);
 *   if (r == ParseResult.NEED_MORE) break;                 // wait for more bytes
 *   if (r == ParseResult.CLOSE) { channel.close(); break; } // memcached closes silently
 *   if (req.errorLine() != null) {                         // memcached's exact error line
 *     if (!req.suppressReply()) write(req.errorLine() + "\r\n");
 *     continue;
 *   }
 *   handle(req); // req.command(), keys, numbers, data block by offsets into cumulation
 * }
 * }</pre>
 *
 * <p>{@link io.memkube.protocol.request.RequestParser#parse} works in place: it never copies keys
 * or values; a {@link io.memkube.protocol.request.Request} holds absolute offsets into the buffer
 * (valid until the caller discards those bytes) and the parsed numbers. On {@code NEED_MORE}
 * nothing is consumed (except bytes of a refused data block being swallowed), so the caller simply
 * appends more bytes and calls again: partial reads at any split point give the same requests. A
 * {@code get}/{@code gets} of more than 64 keys, or too long to hold, comes out in parts of at most
 * 64 keys ({@link io.memkube.protocol.request.Request#continuesLine()}), handed out as the keys
 * arrive; only the last part's reply ends with {@code END}.
 *
 * <h2>memcached's rules reproduced</h2>
 *
 * <ul>
 *   <li>a line ends at {@code \n}, one {@code \r} before it is dropped, an embedded NUL ends the
 *       line, tokens split on spaces only, and only 23 tokens count for arity checks;
 *   <li>over {@value io.memkube.protocol.request.RequestParser#MAX_UNTERMINATED_LINE} bytes without
 *       a newline closes the connection unless the line starts with {@code get }/{@code gets };
 *   <li>numbers follow C's {@code strtol}/{@code strtoull} and are cut to 32 bits where memcached
 *       cuts them ({@link io.memkube.protocol.request.CNumberParser});
 *   <li>error lines ({@link io.memkube.protocol.request.ErrorLines}) and whether {@code noreply} or
 *       meta {@code q} silences them;
 *   <li>a too-large value gets {@code SERVER_ERROR object too large for cache} and its data block
 *       is swallowed without buffering; a data block not followed by {@code \r\n} gets {@code
 *       CLIENT_ERROR bad data chunk};
 *   <li>meta flags are validated as memcached's {@code _meta_flag_preparse} does, base64 keys are
 *       decoded ({@link io.memkube.protocol.request.Base64Key}).
 * </ul>
 *
 * <p>What a valid request means (its reply) is the server's business, not this package's.
 */
package io.memkube.protocol.request;
