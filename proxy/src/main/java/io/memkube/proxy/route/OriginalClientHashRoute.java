package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.reply.ReplyKind;
import io.memkube.protocol.request.McRequest;
import io.memkube.proxy.hash.SpookyHashV2;
import java.util.List;
import java.util.function.Consumer;

/**
 * mcrouter's OriginalClientHashRoute: every request of a client goes to the child its IP address
 * hashes to, whatever the key, so one client always reaches the same child and the clients spread
 * over the children. The child is (SpookyHashV2 Hash64, seed 0, of the address as text, as folly's
 * string hasher computes it) plus {@code offset}, modulo the number of children, in unsigned 64-bit
 * arithmetic as mcrouter's {@code size_t}. A request without a client address (mcrouter without
 * {@code --retain-source-ip}) is answered with mcrouter's local error {@code Missing IP}.
 */
public final class OriginalClientHashRoute implements RouteHandle {
  private static final McReply MISSING_IP = McReply.error(ReplyKind.LOCAL_ERROR, "Missing IP");

  private final List<RouteHandle> children;
  private final long offset;

  public OriginalClientHashRoute(List<RouteHandle> children, long offset) {
    if (children.size() < 2) {
      throw new IllegalArgumentException("OriginalClientHashRoute needs two children or more");
    }
    this.children = List.copyOf(children);
    this.offset = offset;
  }

  /** The index of the child that takes the requests of the client at {@code address}. */
  public int index(byte[] address) {
    long h = SpookyHashV2.hash64(address, 0, address.length, 0);
    return (int) Long.remainderUnsigned(h + offset, children.size());
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    byte[] address = ctx.clientAddress();
    if (address == null) {
      done.accept(MISSING_IP);
      return;
    }
    children.get(index(address)).route(req, ctx, done);
  }

  /** Introspection knows no client: any child may take the key. */
  @Override
  public List<RouteHandle> targets(McRequest req) {
    return children;
  }

  @Override
  public String describe() {
    return "original-client-hash|" + children.size() + "|offset=" + offset;
  }
}
