package io.berth.image;

import io.berth.content.ContentStore;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.metadata.ImageRecord;
import io.berth.metadata.MetadataStore;
import io.berth.metadata.ReferenceRecord;
import io.berth.oci.Descriptor;
import io.berth.oci.Digest;
import io.berth.oci.ImageConfig;
import io.berth.oci.Manifest;
import io.berth.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The store's own fsck ({@code POST /berth/system/verify}): re-hashes every blob (writing again
 * from its snapshot each layer a build made, which the store holds that way), and checks that every
 * image's manifest, config and layers are present and whole and that every reference names a stored
 * image. Reads only; changes nothing.
 */
public final class StoreVerifier {
  private final ContentStore content;
  private final MetadataStore metadata;

  public StoreVerifier(ContentStore content, MetadataStore metadata) {
    this.content = Objects.requireNonNull(content, "content");
    this.metadata = Objects.requireNonNull(metadata, "metadata");
  }

  /** Checks everything and reports every problem found. */
  public VerifyReport verify() {
    List<String> problems = new ArrayList<>();
    Map<Digest, Boolean> blobs = new HashMap<>();
    for (ContentStore.Info info : content.list()) {
      checkBlob(info.digest(), problems).ifPresent(ok -> blobs.put(info.digest(), ok));
    }
    record State(List<ImageRecord> images, List<ReferenceRecord> refs) {}
    State state = metadata.read(tx -> new State(tx.images().list(), tx.references().list()));
    for (ImageRecord image : state.images()) {
      checkImage(image, blobs, problems);
    }
    List<Digest> ids = state.images().stream().map(ImageRecord::id).toList();
    for (ReferenceRecord ref : state.refs()) {
      if (!ids.contains(ref.imageId())) {
        problems.add("reference " + ref.name() + " names image " + ref.imageId() + ", not stored");
      }
    }
    return new VerifyReport(blobs.size(), state.images().size(), problems);
  }

  /**
   * Re-hashes blob {@code digest} (a layer held as its snapshot is written again from it); whether
   * it is whole, a problem added when not, or empty when it went since the listing.
   */
  private Optional<Boolean> checkBlob(Digest digest, List<String> problems) {
    Optional<ContentStore.Produced> produced = content.produced(digest);
    String what =
        "blob "
            + digest
            + produced.map(p -> " (written again from snapshot " + p.snapshot() + ")").orElse("");
    try {
      ContentStore.VerifyResult result = content.verify(digest);
      if (!result.ok()) {
        problems.add(what + " has digest " + result.actual());
      }
      return Optional.of(result.ok());
    } catch (BerthException e) {
      if (e.kind() == ErrorKind.NOT_FOUND) {
        return Optional.empty(); // removed since the listing
      }
      problems.add(what + " cannot be read: " + e.getMessage());
      return Optional.of(false);
    }
  }

  private void checkImage(ImageRecord image, Map<Digest, Boolean> blobs, List<String> problems) {
    String what = "image " + image.id().shortHex();
    if (!whole(image.manifestDigest(), blobs, what + " manifest", problems)) {
      return;
    }
    Manifest manifest;
    try {
      manifest = OciJson.parseManifest(read(image.manifestDigest()));
    } catch (BerthException e) {
      problems.add(
          what + ": manifest " + image.manifestDigest() + " is invalid: " + e.getMessage());
      return;
    }
    if (!manifest.config().digest().equals(image.id())) {
      problems.add(what + ": manifest names config " + manifest.config().digest());
    }
    if (whole(image.id(), blobs, what + " config", problems)) {
      try {
        ImageConfig config = OciJson.parseImageConfig(read(image.id()));
        if (config.rootfs().diffIds().size() != manifest.layers().size()) {
          problems.add(what + ": config and manifest disagree on the number of layers");
        }
      } catch (BerthException e) {
        problems.add(what + ": config is invalid: " + e.getMessage());
      }
    }
    int n = 1;
    for (Descriptor layer : manifest.layers()) {
      whole(layer.digest(), blobs, what + " layer " + n++, problems);
    }
  }

  private static boolean whole(
      Digest digest, Map<Digest, Boolean> blobs, String what, List<String> problems) {
    Boolean ok = blobs.get(digest);
    if (ok == null) {
      problems.add(what + " " + digest + " is missing");
      return false;
    }
    if (!ok) {
      problems.add(what + " " + digest + " is corrupt");
    }
    return ok;
  }

  private byte[] read(Digest digest) {
    try (InputStream in = content.open(digest)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw BerthException.internal("reading blob " + digest, e);
    }
  }
}
