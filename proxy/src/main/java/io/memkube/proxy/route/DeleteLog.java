package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Where a delete that a server could not take goes (mcrouter's asynclog, the reliable delete
 * stream): written down durably and delivered later, so that the key does not stay on that server
 * with its old value.
 */
public interface DeleteLog {

  /**
   * Spools {@code req}, which {@code destination} failed with {@code error}. {@code done} is called
   * on {@code loop}: with the request's default reply ({@code NOT_FOUND}, as mcrouter answers a
   * logged delete) once the delete is on disk, or with {@code error} when it could not be written.
   */
  void spool(
      Destination destination, McRequest req, McReply error, Executor loop, Consumer<McReply> done);
}
