package io.memkube.proxy.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ConstShard over 4 children, with the keys and children of mcrouter's own test of it. */
class ConstShardHashTest {

  @ParameterizedTest
  @CsvSource({
    // the shard number between the first two colons
    "b:3:meh, 3",
    "bl:2:meh, 2",
    "bla:1:meh, 1",
    "blah:0:meh, 0",
    // no shard number, or one out of range: Ch3 of the whole key
    "blahmeh, 2",
    "blah:meh, 0",
    "blah::meh, 1",
    "blah:12c34:meh, 0",
    "blah:4:meh, 3"
  })
  void picksTheShardTheKeyNamesElseCh3(String key, int child) {
    assertEquals(child, new ConstShardHash(4).bucket(key.getBytes(StandardCharsets.US_ASCII)));
  }

  @ParameterizedTest
  @CsvSource({"x:99999999999999999999999:y", "x:04:y"})
  void aNumberBeyondTheChildrenIsHashedWithCh3(String key) {
    byte[] k = key.getBytes(StandardCharsets.US_ASCII);
    assertEquals(new Ch3Hash(4).bucket(k), new ConstShardHash(4).bucket(k));
  }
}
