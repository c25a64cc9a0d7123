package io.berth.build.engine;

import io.berth.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/** Cache keys: a sha256 over length-prefixed parts, so that no two part lists collide. */
final class Keys {

  private Keys() {}

  static String of(Object... parts) {
    MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
    for (Object part : parts) {
      if (part instanceof Map<?, ?> m) {
        // a map is its sorted entries, each part length-prefixed, fed in without one big string
        java.util.SortedMap<?, ?> sorted =
            m instanceof java.util.SortedMap<?, ?> s ? s : new java.util.TreeMap<>(m);
        update(md, "map " + sorted.size());
        sorted.forEach(
            (k, v) -> {
              update(md, String.valueOf(k));
              update(md, String.valueOf(v));
            });
        continue;
      }
      update(md, String.valueOf(part));
    }
    return Digest.of(Digest.SHA256, md.digest()).toString();
  }

  private static void update(MessageDigest md, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    md.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
    md.update(bytes);
  }
}
