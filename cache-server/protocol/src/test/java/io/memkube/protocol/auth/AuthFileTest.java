package io.memkube.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code -Y} file read as Debian's memcached 1.6.18 reads it (each case checked against it).
 */
class AuthFileTest {
  private static AuthFile parse(String content) {
    return AuthFile.parse(content.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static boolean admits(AuthFile f, String user, String password) {
    return f.admits(
        user.getBytes(StandardCharsets.ISO_8859_1), password.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void aSingleLineWithoutNewlineLosesThePasswordsLastCharacter() {
    AuthFile f = parse("user:pass");
    assertTrue(admits(f, "user", "pas"));
    assertFalse(admits(f, "user", "pass"));
  }

  @Test
  void aLastLineWithoutNewlineAfterOthersIsWhole() {
    AuthFile f = parse("a:1\nuser:pass");
    assertTrue(admits(f, "user", "pass"));
    assertTrue(admits(f, "a", "1"));
    assertFalse(admits(f, "user", "pas"));
  }

  @Test
  void crLfLinesAndColonsInPasswords() {
    AuthFile f = parse("u:p:x\r\nv:w\r\n");
    assertTrue(admits(f, "u", "p:x"));
    assertTrue(admits(f, "v", "w"));
    assertFalse(admits(f, "u", "p"));
  }

  @Test
  void onlyTheFirstEightEntriesCount() {
    AuthFile f = parse("a:1\nb:2\nc:3\nd:4\ne:5\nf:6\ng:7\nh:8\ni:9\n");
    assertEquals(8, f.size());
    assertTrue(admits(f, "h", "8"));
    assertFalse(admits(f, "i", "9"));
  }

  @Test
  void aLineWithoutColonOrAnEmptyLineMakesTheFileMalformed() {
    assertNull(parse("a:1\n\nb:2\n"));
    assertNull(parse("\n"));
    assertNull(parse("a:1\nb\n"));
  }

  @Test
  void aLineIsCutAt255BytesAndTheCutEndsTheFile() {
    AuthFile f = parse("u:" + "p".repeat(300) + "\nv:w\n");
    assertTrue(admits(f, "u", "p".repeat(253)));
    assertFalse(admits(f, "v", "w"));
  }

  @Test
  void anEmptyFileAdmitsNobody() {
    AuthFile f = parse("");
    assertEquals(0, f.size());
    assertFalse(admits(f, "", ""));
  }

  @Test
  void loadSaysWhatMemcachedSays(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("missing");
    assertEquals(
        "Could not open authfile ["
            + missing
            + "] for reading, error No such file or directory: No such file or directory",
        assertThrows(AuthFileException.class, () -> AuthFile.load(missing)).getMessage());
    Path bad = Files.writeString(dir.resolve("bad"), "nocolon\n");
    assertEquals(
        "Authfile [" + bad + "] has a malformed entry. Should be 'user:password'",
        assertThrows(AuthFileException.class, () -> AuthFile.load(bad)).getMessage());
  }

  @Test
  void aFailedReloadKeepsTheEntriesInForce(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("auth"), "a:1\n");
    Authenticator auth = new Authenticator(file);
    Files.writeString(file, "broken\n");
    assertThrows(AuthFileException.class, auth::reload);
    assertTrue(auth.admits("a".getBytes(), "1".getBytes()));
    Files.writeString(file, "b:2\n");
    assertEquals(1, auth.reload());
    assertFalse(auth.admits("a".getBytes(), "1".getBytes()));
    assertTrue(auth.admits("b".getBytes(), "2".getBytes()));
  }
}
