package io.memkube.proxy.configmodel.jsonm;

import java.util.ArrayList;
import java.util.List;

/**
 * The string syntax of JSONM, as mcrouter's preprocessor reads it: {@code \} escapes the next
 * character (so {@code \@}, {@code \%}, {@code \(}, {@code \)}, {@code \,} and {@code \\} are
 * literal), {@code %name%} is a parameter, {@code @name(a,b)} a call whose arguments are split at
 * commas outside nested brackets and trimmed.
 */
final class CallText {
  private CallText() {}

  static final int NOT_FOUND = -1;

  /** The index of the first unescaped {@code c}, or {@link #NOT_FOUND}. */
  static int findUnescaped(String s, char c) {
    for (int i = 0; i < s.length(); i++) {
      char x = s.charAt(i);
      if (x == '\\') {
        i++;
      } else if (x == c) {
        return i;
      }
    }
    return NOT_FOUND;
  }

  /**
   * Appends {@code s} from {@code from} to {@code out}, unescaped, up to the first unescaped {@code
   * c}; returns that index, or {@link #NOT_FOUND} when there is none (everything appended).
   */
  static int unescapeUntil(String s, int from, StringBuilder out, char c) {
    for (int i = from; i < s.length(); i++) {
      char x = s.charAt(i);
      if (x == '\\') {
        if (++i == s.length()) {
          return NOT_FOUND;
        }
        out.append(s.charAt(i));
      } else if (x == c) {
        return i;
      } else {
        out.append(x);
      }
    }
    return NOT_FOUND;
  }

  /** The index of the bracket closing the one at {@code open}, or {@link #NOT_FOUND}. */
  static int matchingBracket(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char x = s.charAt(i);
      if (x == '\\') {
        i++;
        continue;
      }
      if (x == '(') {
        depth++;
      } else if (x == ')') {
        depth--;
      }
      if (depth == 0) {
        return i;
      }
    }
    return NOT_FOUND;
  }

  /** Leading and trailing whitespace removed, except a trailing space that is escaped. */
  static String trim(String s) {
    int start = 0;
    while (start < s.length() && Character.isWhitespace(s.charAt(start))) {
      start++;
    }
    int end = s.length();
    while (end > start && Character.isWhitespace(s.charAt(end - 1))) {
      int slashes = 0;
      for (int i = end - 2; i >= start && s.charAt(i) == '\\'; i--) {
        slashes++;
      }
      if (slashes % 2 == 1) {
        break;
      }
      end--;
    }
    return s.substring(start, end);
  }

  /**
   * The arguments of a call, split at commas outside brackets: {@code @a()} has one argument, the
   * empty string (as in mcrouter).
   */
  static List<String> arguments(String inner) throws JsonmException {
    List<String> out = new ArrayList<>();
    String s = inner;
    while (true) {
      if (s.isEmpty()) {
        out.add("");
        return out;
      }
      int comma = findUnescaped(s, ',');
      if (comma == NOT_FOUND) {
        out.add(trim(s));
        return out;
      }
      int open = findUnescaped(s.substring(0, comma), '(');
      if (open != NOT_FOUND) {
        int close = matchingBracket(s, open);
        if (close == NOT_FOUND) {
          throw new JsonmException("", "brackets do not match: " + s);
        }
        if (close == s.length() - 1) {
          out.add(trim(s));
          return out;
        }
        comma = close + 1;
        while (comma < s.length() && s.charAt(comma) != ',') {
          comma++;
        }
        if (comma == s.length()) {
          throw new JsonmException("", "no comma after a closing bracket in " + s);
        }
      }
      out.add(trim(s.substring(0, comma)));
      s = s.substring(comma + 1);
    }
  }
}
