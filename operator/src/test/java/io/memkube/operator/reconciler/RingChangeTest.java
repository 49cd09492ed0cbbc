package io.memkube.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.operator.scaling.RingState;
import org.junit.jupiter.api.Test;

class RingChangeTest {
  @Test
  void aGrowingRingNamesTheServersThatJoined() {
    assertEquals(
        "the proxies' ring grows from 3 to 4 servers: c-3 joined (Ready first)",
        RingChange.message("c", RingState.of(3), RingState.of(4)).orElseThrow());
    assertEquals(
        "the proxies' ring grows from 1 to 3 servers: c-1 .. c-2 joined (Ready first)",
        RingChange.message("c", RingState.of(1), RingState.of(3)).orElseThrow());
  }

  @Test
  void aShrinkingRingNamesTheServersThatLeft() {
    assertTrue(
        RingChange.message("c", RingState.of(4), RingState.of(2))
            .orElseThrow()
            .startsWith("the proxies' ring shrinks from 4 to 2 servers: c-2 .. c-3 left"));
  }

  @Test
  void noEventWithoutAChangeOfSizeOrWithoutAProxy() {
    assertTrue(RingChange.message("c", RingState.of(3), RingState.of(3)).isEmpty());
    assertTrue(RingChange.message("c", null, RingState.of(3)).isEmpty());
    assertTrue(RingChange.message("c", RingState.of(3), null).isEmpty());
  }
}
