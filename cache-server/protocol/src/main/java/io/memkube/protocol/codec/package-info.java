/** Decoder building blocks the text and binary request codecs share (backpressure, half-close). */
package io.memkube.protocol.codec;
