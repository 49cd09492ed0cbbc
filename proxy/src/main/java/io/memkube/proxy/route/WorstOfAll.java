package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;

/**
 * Answers, once every child has replied, the most severe of their replies (AllSyncRoute's rule, and
 * AllMajorityRoute's when no reply kind has a majority). One instance serves one request.
 */
final class WorstOfAll implements MultiChildRoute.Verdict {
  private McReply worst;

  @Override
  public McReply offer(McReply reply, int left) {
    if (worst == null || reply.kind().severity() > worst.kind().severity()) {
      worst = reply;
    }
    return left == 0 ? worst : null;
  }
}
