package io.memkube.proxy.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Ch3HashTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void placesKeysOverOneHundredServersLikeMcrouter() {
    Ch3Hash ch3 = new Ch3Hash(100);
    assertEquals(97, ch3.bucket(b("sample")));
    assertEquals(72, ch3.bucket(b("")));
  }

  @Test
  void placesKeysOverTheMaximumPoolSizeLikeMcrouter() {
    Ch3Hash ch3 = new Ch3Hash(1 << 23);
    assertEquals(6173600, ch3.bucket(b("")));
    assertEquals(5167780, ch3.bucket(b("sample")));
  }

  @Test
  void splitsAThousandKeysOverThreeServersLikeMcrouter() {
    Ch3Hash ch3 = new Ch3Hash(3);
    int[] counts = new int[3];
    for (int i = 0; i < 1000; i++) {
      counts[ch3.bucket(b(Integer.toString(i)))]++;
    }
    assertArrayEquals(new int[] {307, 342, 351}, counts);
  }

  @Test
  void aSingleServerTakesEveryKey() {
    assertEquals(0, new Ch3Hash(1).bucket(b("anything")));
  }

  @Test
  void growingThePoolMovesKeysOnlyToTheNewServer() {
    Ch3Hash before = new Ch3Hash(10);
    Ch3Hash after = new Ch3Hash(11);
    for (int i = 0; i < 2000; i++) {
      byte[] key = b("key" + i);
      int a = after.bucket(key);
      if (a != 10) {
        assertEquals(before.bucket(key), a, "key" + i);
      }
    }
  }

  @Test
  void crc32PlacesSampleLikeMcrouter() {
    assertEquals(7, new Crc32Hash(100).bucket(b("sample")));
  }

  @Test
  void weightedCh3SplitsAThousandKeysByWeightLikeMcrouter() {
    WeightedCh3Hash h = new WeightedCh3Hash(new double[] {1, 1, 0.7});
    int[] counts = new int[3];
    for (int i = 0; i < 1000; i++) {
      counts[h.bucket(b(Integer.toString(i)))]++;
    }
    assertArrayEquals(new int[] {341, 371, 288}, counts);
  }

  @Test
  void weightedCh3WithAllZeroWeightsKeepsItsLastPickLikeMcrouter() {
    assertEquals(59, new WeightedCh3Hash(new double[100]).bucket(b("sample")));
  }
}
