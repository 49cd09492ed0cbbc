package io.memkube.e2e.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RendezvousClientTest {

  private static final List<String> THREE = List.of("198.51.100.2", "198.51.100.3", "198.51.100.4");

  @Test
  void keysSpreadOverEveryServer() {
    try (RendezvousClient client = new RendezvousClient(THREE)) {
      Map<String, Long> perServer =
          IntStream.range(0, 1000)
              .mapToObj(i -> client.serverOf("key-" + i))
              .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertEquals(3, perServer.size(), perServer.toString());
      perServer.values().forEach(n -> assertTrue(n > 200, perServer.toString()));
    }
  }

  @Test
  void losingAServerMovesOnlyItsKeys() {
    try (RendezvousClient three = new RendezvousClient(THREE);
        RendezvousClient two = new RendezvousClient(THREE.subList(0, 2))) {
      for (int i = 0; i < 1000; i++) {
        String owner = three.serverOf("key-" + i);
        if (!owner.equals(THREE.get(2))) {
          assertEquals(owner, two.serverOf("key-" + i), "key-" + i);
        }
      }
    }
  }
}
