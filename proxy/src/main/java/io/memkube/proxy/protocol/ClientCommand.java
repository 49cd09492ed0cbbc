package io.memkube.proxy.protocol;

import io.memkube.protocol.Command;
import io.memkube.protocol.request.McRequest;
import java.util.List;

/**
 * One command read from a client: either requests to route (one per key, keys still carrying any
 * routing prefix), a command the proxy answers itself, or a protocol error to answer.
 *
 * @param op the command
 * @param requests one request per key, in the client's order; empty for local commands
 * @param noreply the client asked for no reply ({@code noreply}, or a quiet meta command)
 * @param args the arguments of local commands ({@code stats}, {@code flush_all}, ...)
 * @param errorReply the full error line to send back instead (with CRLF), or null
 */
public record ClientCommand(
    Command op, List<McRequest> requests, boolean noreply, List<String> args, String errorReply) {

  public static ClientCommand error(String line) {
    return new ClientCommand(null, List.of(), false, List.of(), line);
  }

  public static ClientCommand local(Command op, List<String> args, boolean noreply) {
    return new ClientCommand(op, List.of(), noreply, args, null);
  }

  public static ClientCommand routed(Command op, List<McRequest> requests, boolean noreply) {
    return new ClientCommand(op, requests, noreply, List.of(), null);
  }

  public boolean isError() {
    return errorReply != null;
  }

  /** Whether the client expects one combined reply for many keys ({@code get a b c ... END}). */
  public boolean isMultiKeyRetrieval() {
    return op != null && op.isRetrieval() && !op.isMeta();
  }
}
