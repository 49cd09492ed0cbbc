package io.memkube.proxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memkube.protocol.Command;
import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The child OriginalClientHashRoute picks for a client address, pinned to the cases of mcrouter's
 * own test (three children; address "12345" takes the first with offset 0, the second with 1, the
 * third with 2; address "0", which hashes to the second, wraps to the first with offset 2), and the
 * text of the address that is hashed.
 */
class OriginalClientHashRouteTest {
  private static final List<RouteHandle> THREE =
      List.of(NullRoute.INSTANCE, NullRoute.INSTANCE, NullRoute.INSTANCE);

  private static int index(String address, int offset) {
    return new OriginalClientHashRoute(THREE, offset)
        .index(address.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void picksTheChildMcroutersOwnTestExpects() {
    assertEquals(0, index("12345", 0));
    assertEquals(1, index("12345", 1));
    assertEquals(2, index("12345", 2));
    assertEquals(1, index("0", 0));
    assertEquals(0, index("0", 2));
  }

  @Test
  void aRequestWithoutAClientAddressIsAnsweredMissingIp() {
    List<McReply> replies = new ArrayList<>();
    RouteContext noClient = (Destination d, McRequest r, Consumer<McReply> done) -> {};
    new OriginalClientHashRoute(THREE, 0)
        .route(
            McRequest.get(Command.GET, "k".getBytes(StandardCharsets.US_ASCII), 0),
            noClient,
            replies::add);
    assertEquals(1, replies.size());
    assertEquals(true, replies.get(0).kind().isError());
    assertEquals("Missing IP", replies.get(0).message());
  }

  @Test
  void theClientsAddressIsHashedAsInetNtopWritesIt() throws Exception {
    assertEquals("127.0.0.2", text("127.0.0.2"));
    assertEquals("::1", text("::1"));
    assertEquals("::", text("::"));
    assertEquals("2001:db8::1", text("2001:0db8:0000:0000:0000:0000:0000:0001"));
    assertEquals("2001:db8:0:1::1", text("2001:db8:0:1:0:0:0:1"));
    assertEquals("fe80::1:0:0:2", text("fe80:0:0:0:1:0:0:2"));
    assertEquals("1:0:2::", text("1:0:2:0:0:0:0:0"));
    assertEquals("::1.2.3.4", text("::1.2.3.4"));
    // a link-local client's scope is not part of it
    assertEquals("fe80::5", text("fe80::5%1"));
    assertEquals(
        "10.1.2.3",
        new String(
            new ClientRouteContext(
                    (Destination d, McRequest r, Consumer<McReply> done) -> {},
                    new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 5000))
                .clientAddress(),
            StandardCharsets.US_ASCII));
  }

  private static String text(String literal) throws Exception {
    return ClientRouteContext.addressText(InetAddress.getByName(literal));
  }
}
