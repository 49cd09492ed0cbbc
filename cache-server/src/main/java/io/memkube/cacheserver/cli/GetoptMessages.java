package io.memkube.cacheserver.cli;

import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What memcached prints for a flag its {@code getopt_long} rejects: glibc's line naming the flag,
 * then memcached's {@code Illegal argument "?"}. Scripts that grep memcached's stderr find the same
 * words here.
 */
final class GetoptMessages {
  static final String PROGRAM = "memkube-cache-server";

  private GetoptMessages() {}

  /**
   * @param e what picocli refused
   * @param args the command line, to name a flag as it was typed
   */
  static String of(CommandLine.ParameterException e, String[] args) {
    return firstLine(e, args) + System.lineSeparator() + "Illegal argument \"?\"";
  }

  private static String firstLine(CommandLine.ParameterException e, String[] args) {
    if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String arg = u.getUnmatched().get(0);
      if (arg.startsWith("--")) {
        return PROGRAM + ": unrecognized option '" + arg + "'";
      }
      if (arg.startsWith("-") && arg.length() > 1) {
        return PROGRAM + ": invalid option -- '" + arg.charAt(1) + "'";
      }
    }
    if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
      ArgSpec spec = m.getMissing().get(0);
      if (spec instanceof OptionSpec o) {
        String name = o.shortestName();
        for (String a : args) {
          if (java.util.Arrays.asList(o.names()).contains(a)) {
            name = a;
          }
        }
        return name.startsWith("--")
            ? PROGRAM + ": option '" + name + "' requires an argument"
            : PROGRAM + ": option requires an argument -- '" + name.substring(1) + "'";
      }
    }
    return PROGRAM + ": " + e.getMessage();
  }
}
