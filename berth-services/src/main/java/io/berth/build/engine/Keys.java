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
      String text =
          part instanceof Map<?, ?> m
              ? new java.util.TreeMap<>(m).toString()
              : String.valueOf(part);
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      md.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
      md.update(bytes);
    }
    return Digest.of(Digest.SHA256, md.digest()).toString();
  }
}
