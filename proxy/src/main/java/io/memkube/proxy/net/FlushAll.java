package io.memkube.proxy.net;

import io.memkube.protocol.Command;
import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.reply.ReplyKind;
import io.memkube.protocol.request.McRequest;
import io.memkube.proxy.config.ServerPool;
import io.memkube.proxy.pool.ConnectionPool;
import io.memkube.proxy.protocol.ClientCommand;
import io.memkube.proxy.route.Destination;
import io.memkube.proxy.state.ProxyState;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Sends {@code flush_all} to every server of the current config and answers OK if all did. */
final class FlushAll {
  private final ProxyState state;
  private final ConnectionPool pool;

  FlushAll(ProxyState state, ConnectionPool pool) {
    this.state = state;
    this.pool = pool;
  }

  void run(ClientCommand cmd, Consumer<byte[]> done) {
    Set<Destination> servers = Collections.newSetFromMap(new IdentityHashMap<>());
    for (ServerPool p : state.config().pools().values()) {
      servers.addAll(p.servers());
    }
    long delay = 0;
    if (!cmd.args().isEmpty()) {
      try {
        delay = Long.parseLong(cmd.args().get(0));
      } catch (NumberFormatException e) {
        done.accept(bytes("CLIENT_ERROR bad command line format\r\n"));
        return;
      }
    }
    if (servers.isEmpty()) {
      done.accept(cmd.noreply() ? new byte[0] : bytes("OK\r\n"));
      return;
    }
    McRequest req = new McRequest(Command.FLUSH_ALL, new byte[0], 0, delay, null, 0, 0, List.of());
    int[] left = {servers.size()};
    McReply[] worst = {null};
    for (Destination d : servers) {
      Consumer<McReply> onReply =
          r -> {
            if (worst[0] == null || r.kind().severity() > worst[0].kind().severity()) {
              worst[0] = r;
            }
            if (--left[0] == 0) {
              if (cmd.noreply()) {
                done.accept(new byte[0]);
              } else if (worst[0].kind() == ReplyKind.OK) {
                done.accept(bytes("OK\r\n"));
              } else {
                done.accept(bytes("SERVER_ERROR flush_all failed on some servers\r\n"));
              }
            }
          };
      if (d.health().isTko()) {
        onReply.accept(McReply.error(ReplyKind.TKO, null));
      } else {
        pool.send(d, req, onReply);
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
