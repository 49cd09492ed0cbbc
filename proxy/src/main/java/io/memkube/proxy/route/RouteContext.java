package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * What routing needs from the proxy thread it runs on: a way to send to a destination over that
 * thread's connections. Tests supply their own.
 */
public interface RouteContext {

  /** Sends one request to one server and calls {@code done} with its reply (or a local error). */
  void send(Destination destination, McRequest req, Consumer<McReply> done);

  /**
   * The thread routing runs on, for work that finishes elsewhere (a spooled delete) and must call
   * back on it. Contexts that run everything inline may keep the default.
   */
  default Executor executor() {
    return Runnable::run;
  }

  /**
   * The IP address of the client whose request is routed, as text (mcrouter's {@code
   * userIpAddress}: {@code 127.0.0.1}, {@code ::1}) in ASCII, or null when the request has no
   * client (background work, tests). OriginalClientHashRoute hashes it.
   */
  default byte[] clientAddress() {
    return null;
  }

  /** A reply sink for background requests whose replies nobody reads. */
  Consumer<McReply> IGNORE = r -> {};
}
