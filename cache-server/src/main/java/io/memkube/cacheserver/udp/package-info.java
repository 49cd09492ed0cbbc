/**
 * memcached's UDP transport ({@code -U}): each datagram carries an 8-byte frame header (request id,
 * sequence number, datagram count, reserved) and one or more text requests; each request's reply
 * goes back in datagrams of at most 1400 bytes that repeat the request id.
 */
package io.memkube.cacheserver.udp;
