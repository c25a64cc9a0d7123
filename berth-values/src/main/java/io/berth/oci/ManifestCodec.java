package io.berth.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.errors.BerthException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Descriptors, platforms, manifests, indexes and layout files to and from JSON trees. */
final class ManifestCodec {
  private ManifestCodec() {}

  static Descriptor readDescriptor(JsonIn in) {
    in.requireObject();
    Optional<byte[]> data =
        in.opt(
            "data",
            f ->
                f.as(
                    text -> {
                      try {
                        return Base64.getDecoder().decode(text);
                      } catch (IllegalArgumentException e) {
                        throw BerthException.invalid("invalid base64 data: %s", e.getMessage());
                      }
                    }));
    MediaType mediaType = in.required("mediaType", f -> f.as(MediaType::parse));
    Digest digest = in.required("digest", f -> f.as(Digest::parse));
    long size = in.longValue("size");
    try {
      return new Descriptor(
          mediaType,
          digest,
          size,
          in.strings("urls"),
          in.stringMap("annotations"),
          in.opt("platform", ManifestCodec::readPlatform),
          in.opt("artifactType", f -> f.as(MediaType::parse)),
          data);
    } catch (BerthException e) {
      throw in.wrap(e);
    }
  }

  static ObjectNode writeDescriptor(Descriptor d) {
    ObjectNode o = JsonOut.object();
    o.put("mediaType", d.mediaType().value());
    o.put("digest", d.digest().toString());
    o.put("size", d.size());
    JsonOut.putIfNotEmpty(o, "urls", d.urls());
    JsonOut.putIfNotEmpty(o, "annotations", d.annotations());
    d.data().ifPresent(bytes -> o.put("data", Base64.getEncoder().encodeToString(bytes)));
    d.platform().ifPresent(p -> o.set("platform", writePlatform(p)));
    d.artifactType().ifPresent(t -> o.put("artifactType", t.value()));
    return o;
  }

  static Platform readPlatform(JsonIn in) {
    in.requireObject();
    String arch = in.string("architecture");
    String os = in.string("os");
    try {
      return new Platform(
          os, arch, in.optString("variant"), in.optString("os.version"), in.strings("os.features"));
    } catch (BerthException e) {
      throw in.wrap(e);
    }
  }

  static ObjectNode writePlatform(Platform p) {
    ObjectNode o = JsonOut.object();
    o.put("architecture", p.architecture());
    o.put("os", p.os());
    p.osVersion().ifPresent(v -> o.put("os.version", v));
    JsonOut.putIfNotEmpty(o, "os.features", p.osFeatures());
    p.variant().ifPresent(v -> o.put("variant", v));
    return o;
  }

  static Manifest readManifest(JsonIn in) {
    int schemaVersion = (int) in.longValue("schemaVersion");
    MediaType mediaType =
        in.opt("mediaType", f -> f.as(MediaType::parse)).orElse(MediaType.OCI_MANIFEST);
    Descriptor config = in.required("config", ManifestCodec::readDescriptor);
    List<Descriptor> layers = in.list("layers", ManifestCodec::readDescriptor);
    try {
      return new Manifest(
          schemaVersion,
          mediaType,
          config,
          layers,
          in.stringMap("annotations"),
          in.opt("subject", ManifestCodec::readDescriptor),
          in.opt("artifactType", f -> f.as(MediaType::parse)));
    } catch (BerthException e) {
      throw in.wrap(e);
    }
  }

  static ObjectNode writeManifest(Manifest m) {
    ObjectNode o = JsonOut.object();
    o.put("schemaVersion", m.schemaVersion());
    o.put("mediaType", m.mediaType().value());
    m.artifactType().ifPresent(t -> o.put("artifactType", t.value()));
    o.set("config", writeDescriptor(m.config()));
    o.set("layers", descriptors(m.layers()));
    m.subject().ifPresent(s -> o.set("subject", writeDescriptor(s)));
    JsonOut.putIfNotEmpty(o, "annotations", m.annotations());
    return o;
  }

  static Index readIndex(JsonIn in) {
    int schemaVersion = (int) in.longValue("schemaVersion");
    MediaType mediaType =
        in.opt("mediaType", f -> f.as(MediaType::parse)).orElse(MediaType.OCI_INDEX);
    List<Descriptor> manifests = in.list("manifests", ManifestCodec::readDescriptor);
    try {
      return new Index(
          schemaVersion,
          mediaType,
          manifests,
          in.stringMap("annotations"),
          in.opt("subject", ManifestCodec::readDescriptor),
          in.opt("artifactType", f -> f.as(MediaType::parse)));
    } catch (BerthException e) {
      throw in.wrap(e);
    }
  }

  static ObjectNode writeIndex(Index index) {
    ObjectNode o = JsonOut.object();
    o.put("schemaVersion", index.schemaVersion());
    o.put("mediaType", index.mediaType().value());
    index.artifactType().ifPresent(t -> o.put("artifactType", t.value()));
    o.set("manifests", descriptors(index.manifests()));
    index.subject().ifPresent(s -> o.set("subject", writeDescriptor(s)));
    JsonOut.putIfNotEmpty(o, "annotations", index.annotations());
    return o;
  }

  static DockerArchiveManifest readDockerArchive(JsonIn in) {
    return new DockerArchiveManifest(in.elements(ManifestCodec::readArchiveEntry));
  }

  private static DockerArchiveManifest.Entry readArchiveEntry(JsonIn in) {
    in.requireObject();
    String config = in.string("Config");
    try {
      return new DockerArchiveManifest.Entry(
          config,
          in.strings("RepoTags"),
          in.strings("Layers"),
          Map.copyOf(
              in.map("LayerSources", ManifestCodec::readDescriptor).entrySet().stream()
                  .collect(
                      java.util.stream.Collectors.toMap(
                          e -> Digest.parse(e.getKey()), Map.Entry::getValue))));
    } catch (BerthException e) {
      throw in.wrap(e);
    }
  }

  static ArrayNode writeDockerArchive(DockerArchiveManifest archive) {
    ArrayNode array = JsonOut.object().arrayNode();
    for (DockerArchiveManifest.Entry e : archive.entries()) {
      ObjectNode o = JsonOut.object();
      o.put("Config", e.config());
      o.set("RepoTags", JsonOut.strings(e.repoTags()));
      o.set("Layers", JsonOut.strings(e.layers()));
      if (!e.layerSources().isEmpty()) {
        ObjectNode sources = JsonOut.object();
        e.layerSources().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .forEach(s -> sources.set(s.getKey().toString(), writeDescriptor(s.getValue())));
        o.set("LayerSources", sources);
      }
      array.add(o);
    }
    return array;
  }

  static OciLayout readLayout(JsonIn in) {
    String version = in.string("imageLayoutVersion");
    try {
      return new OciLayout(version);
    } catch (BerthException e) {
      throw in.wrap(e);
    }
  }

  static ObjectNode writeLayout(OciLayout layout) {
    ObjectNode o = JsonOut.object();
    o.put("imageLayoutVersion", layout.imageLayoutVersion());
    return o;
  }

  private static ArrayNode descriptors(List<Descriptor> list) {
    ArrayNode array = JsonOut.object().arrayNode();
    list.forEach(d -> array.add(writeDescriptor(d)));
    return array;
  }
}
