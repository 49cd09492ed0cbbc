package io.memkube.proxy.net;

import io.memkube.protocol.Command;
import io.memkube.proxy.protocol.ClientCommand;
import io.memkube.proxy.protocol.ClientCommandReader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Frames a client's bytes into {@link ClientCommand}s (memcached 1.6's parsing and error lines).
 * Two markers travel in band, after the commands they follow: {@link #CLOSE} where memcached would
 * close the connection without a word (nothing after it is read), and {@link #END_OF_INPUT} when
 * the client shut down its write side. Nothing is decoded after {@code quit} either.
 */
final class ClientCommandDecoder extends ByteToMessageDecoder {
  /** Answer what came before, then close (over-long line, HTTP request). */
  static final Object CLOSE = new Object();

  /** The client's EOF: answer every command read before it, then close. */
  static final Object END_OF_INPUT = new Object();

  private final ClientCommandReader reader = new ClientCommandReader();
  private boolean done;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (done) {
      in.skipBytes(in.readableBytes());
      return;
    }
    ClientCommandReader.Result r = reader.read(in);
    if (r instanceof ClientCommandReader.Result.Close) {
      done = true;
      in.skipBytes(in.readableBytes());
      out.add(CLOSE);
    } else if (r instanceof ClientCommandReader.Result.Read read) {
      out.add(read.command());
      if (read.command().op() == Command.QUIT) {
        done = true;
      }
    }
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws Exception {
    // An incomplete last command is dropped, as memcached drops it.
    while (!done && in.isReadable()) {
      int before = in.readableBytes();
      int produced = out.size();
      decode(ctx, in, out);
      if (in.readableBytes() == before && out.size() == produced) {
        break;
      }
    }
    if (!done) {
      done = true;
      out.add(END_OF_INPUT);
    }
  }
}
