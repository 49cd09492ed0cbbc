/**
 * memcached's binary protocol as memcached 1.6.18 serves it: typed requests and responses, a
 * decoder with memcached's limits ({@link io.memkube.protocol.binary.BinaryRequestDecoder}) and an
 * encoder ({@link io.memkube.protocol.binary.BinaryResponseEncoder}), in the style of Netty's
 * codec-memcache. Here because it is wire format only (no storage): a proxy can frame binary
 * requests with it as the cache server does. What a request means is the server's business.
 */
package io.memkube.protocol.binary;
