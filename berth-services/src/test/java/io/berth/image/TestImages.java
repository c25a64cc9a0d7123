package io.berth.image;

import io.berth.oci.Digest;
import java.util.ArrayList;
import java.util.List;

/** docker-archives written by the tests: a tag, a config and the given layer tars. */
public final class TestImages {
  private TestImages() {}

  /** A docker-archive holding one image tagged {@code tag} with {@code layers}, bottom first. */
  public static byte[] dockerArchive(String tag, List<byte[]> layers) {
    List<String> diffIds = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    TestTars archive = new TestTars();
    for (int i = 0; i < layers.size(); i++) {
      Digest diffId = Digest.sha256(layers.get(i));
      diffIds.add("\"" + diffId + "\"");
      String path = diffId.hex() + "/layer.tar";
      if (!paths.contains("\"" + path + "\"")) {
        archive.dir(diffId.hex()).file(path, layers.get(i));
      }
      paths.add("\"" + path + "\"");
    }
    String config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"]},"
            + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
            + String.join(",", diffIds)
            + "]}}";
    String configName = Digest.sha256(config.getBytes()).hex() + ".json";
    String manifest =
        "[{\"Config\":\"%s\",\"RepoTags\":[\"%s\"],\"Layers\":[%s]}]"
            .formatted(configName, tag, String.join(",", paths));
    return archive.file(configName, config).file("manifest.json", manifest).bytes();
  }

  /** A layer holding one file {@code name} with {@code content}. */
  public static byte[] layer(String name, String content) {
    return new TestTars().file(name, content).bytes();
  }
}
