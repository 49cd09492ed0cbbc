package io.memkube.api.v1alpha1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuantitiesTest {

  @Test
  void binarySuffixesAreMultiplesOf1024() {
    assertEquals(64L << 20, Quantities.bytes("spec.memory", "64Mi"));
    assertEquals(1024L, Quantities.bytes("spec.maxItemSize", "1Ki"));
    assertEquals(3L << 30, Quantities.bytes("spec.memory", "3Gi"));
    assertEquals(2L << 40, Quantities.bytes("spec.memory", "2Ti"));
    assertEquals(12345L, Quantities.bytes("spec.memory", "12345"));
  }

  @Test
  void badValueIsRefusedWithTheFieldName() {
    for (String bad : new String[] {"", "0", "1.5Gi", "64MB", "-1Mi", "1e3", "64 Mi"}) {
      var e =
          assertThrows(IllegalArgumentException.class, () -> Quantities.bytes("spec.memory", bad));
      assertTrue(e.getMessage().startsWith("spec.memory "), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Quantities.bytes("spec.memory", null));
  }

  @Test
  void valueThatOverflowsALongIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Quantities.bytes("spec.memory", "9999999999999999Ti"));
  }
}
