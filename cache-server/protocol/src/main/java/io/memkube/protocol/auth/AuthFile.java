package io.memkube.protocol.auth;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The credentials of memcached's {@code -Y} file: {@code user:password} lines, read exactly as
 * memcached 1.6.18 reads them, so that a file written for memcached admits the same clients.
 *
 * <p>memcached reads the file with {@code fgets} into one buffer one byte longer than the file and
 * advances by each line's length without its newline, so the room left for a line is the rest of
 * the file plus one byte per line before it (fewer for a CR LF line). Consequences kept here on
 * purpose: a file of one line without a final newline loses the password's last character; a line
 * reads at most 255 bytes, and a line cut there ends the file; at most 8 entries are read; a line
 * without {@code :} (an empty line too) makes the whole file malformed. The password ends at the
 * first CR, LF or the end of what was read, so it may contain {@code :} and spaces (though a client
 * cannot send a space in one: the handshake splits on spaces).
 */
public final class AuthFile {
  /** memcached's {@code MAX_ENTRY_LEN}: {@code fgets} reads at most one byte less. */
  static final int MAX_ENTRY_LEN = 256;

  /** memcached's {@code MAX_ENTRIES}: later lines are ignored. */
  static final int MAX_ENTRIES = 8;

  private final List<Entry> entries;

  private AuthFile(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** How many {@code user:password} entries were read (at most 8). */
  public int size() {
    return entries.size();
  }

  /**
   * The first entry, as a client logs in with it (the proxy toward servers started with {@code -Y}:
   * the same file then admits it, read the same way).
   */
  public Login first() {
    Entry e = entries.get(0);
    return new Login(e.user.clone(), e.password.clone());
  }

  /** A user and password, as a client sends them: {@code <user> <password>}. */
  public record Login(byte[] user, byte[] password) {
    /** The handshake's value: user, a space, password. */
    public byte[] value() {
      byte[] v = new byte[user.length + 1 + password.length];
      System.arraycopy(user, 0, v, 0, user.length);
      v[user.length] = ' ';
      System.arraycopy(password, 0, v, user.length + 1, password.length);
      return v;
    }

    /** The user, for log lines (never the password). */
    public String userName() {
      return new String(user, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /**
   * Whether this user and password are an entry. Compares in time independent of where the bytes
   * differ, as memcached's {@code safe_memcmp}, so the reply's timing says nothing of the password.
   */
  public boolean admits(byte[] user, byte[] password) {
    boolean ok = false;
    for (Entry e : entries) {
      // every entry is compared, so the time does not say which one matched either
      ok |= MessageDigest.isEqual(user, e.user) & MessageDigest.isEqual(password, e.password);
    }
    return ok;
  }

  /**
   * Reads the file at {@code path}.
   *
   * @throws AuthFileException with memcached's message when it cannot be read or is malformed
   */
  public static AuthFile load(Path path) {
    byte[] content;
    try {
      content = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw AuthFileException.cannotOpen(path, "No such file or directory");
    } catch (AccessDeniedException e) {
      throw AuthFileException.cannotOpen(path, "Permission denied");
    } catch (IOException e) {
      throw AuthFileException.cannotOpen(path, String.valueOf(e.getMessage()));
    }
    AuthFile f = parse(content);
    if (f == null) {
      throw AuthFileException.malformed(path);
    }
    return f;
  }

  /** The entries of a file's content, or null when memcached would call it malformed. */
  static AuthFile parse(byte[] content) {
    // the buffer memcached reads into: zero-filled, one byte longer than the file
    byte[] buf = new byte[content.length + 1];
    int bufEnd = content.length; // memcached's fgets limit stops here, leaving the last byte 0
    int filePos = 0;
    int cur = 0;
    List<Entry> entries = new ArrayList<>();
    while (true) {
      int room = Math.min(bufEnd - cur, MAX_ENTRY_LEN);
      int read = fgets(content, filePos, buf, cur, room);
      if (read < 0) {
        break;
      }
      filePos += read;
      int colon = -1;
      int x = 0;
      for (; x < MAX_ENTRY_LEN; x++) {
        byte b = at(buf, cur + x);
        if (colon < 0) {
          if (b == 0) {
            break;
          } else if (b == ':') {
            colon = x;
          }
        } else if (b == '\n' || b == '\r' || b == 0) {
          break;
        }
      }
      if (colon < 0) {
        return null;
      }
      entries.add(
          new Entry(
              Arrays.copyOfRange(buf, cur, cur + colon),
              Arrays.copyOfRange(buf, cur + colon + 1, cur + x)));
      if (entries.size() == MAX_ENTRIES || at(buf, cur + x) == 0) {
        break;
      }
      cur += x;
    }
    return new AuthFile(entries);
  }

  /** A byte of the buffer; past its end, what memcached would find there is taken as 0. */
  private static byte at(byte[] buf, int i) {
    return i < buf.length ? buf[i] : 0;
  }

  /**
   * C's {@code fgets(buf + off, size, file)}: at most {@code size - 1} bytes, up to and including a
   * newline, then a NUL. Returns the bytes taken from the file, or -1 for C's NULL (nothing left to
   * read, or no room at all).
   */
  private static int fgets(byte[] file, int filePos, byte[] buf, int off, int size) {
    if (size <= 0) {
      return -1;
    }
    if (filePos >= file.length && size > 1) {
      return -1;
    }
    int n = 0;
    while (n < size - 1 && filePos + n < file.length) {
      byte b = file[filePos + n];
      buf[off + n] = b;
      n++;
      if (b == '\n') {
        break;
      }
    }
    if (off + n < buf.length) {
      buf[off + n] = 0;
    }
    return n;
  }

  private record Entry(byte[] user, byte[] password) {}
}
