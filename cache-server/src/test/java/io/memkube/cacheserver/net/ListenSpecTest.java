package io.memkube.cacheserver.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** memcached's {@code -l} list: {@code [notls:]host[:port]}, comma separated. */
class ListenSpecTest {
  @Test
  void everyInterfaceWithoutDashL() {
    assertEquals(List.of(new ListenSpec(null, 11211, true)), ListenSpec.parse(null, 11211, true));
  }

  @Test
  void portsNotlsAndIpv6() {
    assertEquals(
        List.of(
            new ListenSpec("127.0.0.1", 11211, true),
            new ListenSpec("127.0.0.1", 11212, false),
            new ListenSpec("::1", 11213, true),
            new ListenSpec("::1", 11211, false)),
        ListenSpec.parse("127.0.0.1,notls:127.0.0.1:11212,[::1]:11213,notls:::1", 11211, true));
  }

  @Test
  void withoutDashZNothingIsTls() {
    assertEquals(
        List.of(new ListenSpec("127.0.0.1", 5, false)), ListenSpec.parse("127.0.0.1:5", 1, false));
  }
}
