package io.berth.oci;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Immutable sorted copies, so that model maps compare, print and serialise in one order. */
final class Collections2 {
  private Collections2() {}

  static <V> SortedMap<String, V> sortedCopy(Map<String, V> map) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }
}
