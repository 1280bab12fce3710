package io.mljobs.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NearestNamesTest {
  @Test
  void suggestsCloseNamesOnly() {
    List<String> names = List.of("warehouse", "spark", "runs", "pipeline");
    assertEquals(Optional.of("warehouse"), NearestNames.nearest("warehous", names));
    assertEquals(Optional.of("spark"), NearestNames.nearest("sprak", names));
    assertEquals(Optional.empty(), NearestNames.nearest("completely-different", names));
  }

  @Test
  void distanceIsLevenshtein() {
    assertEquals(3, NearestNames.distance("kitten", "sitting"));
    assertEquals(0, NearestNames.distance("", ""));
    assertEquals(4, NearestNames.distance("", "abcd"));
    assertEquals(1, NearestNames.distance("sprak", "spark"));
  }
}
