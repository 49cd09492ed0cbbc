package io.memkube.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memkube.proxy.configmodel.parse.ConfigException;
import io.memkube.proxy.configmodel.parse.LoaderOptions;
import io.memkube.proxy.configmodel.spec.ServerAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The servers whose keys are moved after a ring change are those that lose a place in a pool (the
 * keys moving to a joining server stay readable on their old owners, which remain).
 */
class LeavingServerMoverTest {

  private static LoadedConfig ring(String... servers) throws ConfigException {
    String list = "\"" + String.join("\", \"", servers) + "\"";
    return new ConfigLoader(LoaderOptions.defaults(), DestinationRegistry.forValidation())
        .load(
            "{\"pools\": {\"A\": {\"servers\": [" + list + "]}}, \"route\": \"PoolRoute|A\"}", "t");
  }

  @Test
  void onlyServersThatLeftTheRingAreMoved() throws Exception {
    LoadedConfig four = ring("s0:11211", "s1:11211", "s2:11211", "s3:11211");
    LoadedConfig three = ring("s0:11211", "s1:11211", "s2:11211");
    assertEquals(Set.of(new ServerAddress("s3", 11211)), LeavingServerMover.leaving(four, three));
    assertEquals(Set.of(), LeavingServerMover.leaving(three, four), "growing moves nothing away");
  }

  @Test
  void aServerWhosePlaceAStandInTakesIsMovedAndSoIsTheStandInWhenItGivesThePlaceBack()
      throws Exception {
    LoadedConfig normal = ring("s0:11211", "s1:11211", "s2:11211");
    LoadedConfig s1Restarting = ring("s0:11211", "s2:11211", "s2:11211");
    assertEquals(
        Set.of(new ServerAddress("s1", 11211)), LeavingServerMover.leaving(normal, s1Restarting));
    assertEquals(
        Set.of(new ServerAddress("s2", 11211)),
        LeavingServerMover.leaving(s1Restarting, normal),
        "the stand-in's keys of s1's place go back to s1");
  }
}
