package io.berth.image;

import io.berth.content.ContentStore;
import io.berth.errors.BerthException;
import io.berth.oci.Descriptor;
import io.berth.oci.DiffId;
import io.berth.oci.Digest;
import io.berth.oci.ImageConfig;
import io.berth.oci.ImageReference;
import io.berth.oci.MediaType;
import io.berth.oci.Platform;
import io.berth.oci.RunConfig;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code docker import}: a root filesystem tarball (plain, gzip or zstd) becomes a one-layer image,
 * the tarball stored as the layer blob as given, with a config built from the {@code --change}
 * instructions and Docker's {@code Imported from -} history entry.
 */
public final class ImageImporter {
  private final ImageService images;
  private final ContentStore content;
  private final ImageEvents events;
  private final Platform platform;
  private final Clock clock;

  public ImageImporter(
      ImageService images,
      ContentStore content,
      ImageEvents events,
      Platform platform,
      Clock clock) {
    this.images = Objects.requireNonNull(images, "images");
    this.content = Objects.requireNonNull(content, "content");
    this.events = Objects.requireNonNull(events, "events");
    this.platform = Objects.requireNonNull(platform, "platform");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** What to import as: an optional tag, a commit message, and {@code --change} instructions. */
  public record Options(Optional<ImageReference> tag, String message, List<String> changes) {
    public Options {
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(message, "message");
      changes = List.copyOf(changes);
    }
  }

  /** Stores the tarball read from {@code rootfs} and records the new image. */
  public Image importImage(InputStream rootfs, Options options) {
    RunConfig runConfig = ConfigChanges.apply(RunConfig.EMPTY, options.changes());
    Stored layer = store(rootfs);
    Instant now = clock.instant();
    // Docker's message, in the config and the history alike, names the source when none is given.
    String message = options.message().isEmpty() ? "Imported from -" : options.message();
    ImageConfig.History history = new ImageConfig.History(Optional.of(now), "", "", message, false);
    ImageConfig empty = ImageConfig.empty(platform);
    Map<String, String> extra = Map.of("comment", io.berth.image.Json.quote(message));
    ImageConfig config =
        new ImageConfig(
                Optional.of(now),
                "",
                empty.architecture(),
                empty.os(),
                empty.variant(),
                empty.osVersion(),
                empty.osFeatures(),
                runConfig,
                new ImageConfig.RootFs(List.of()),
                List.of(),
                extra)
            .withLayer(layer.diffId(), history);
    Image image =
        images.create(new NewImage(config, List.of(layer.blob()), options.tag().stream().toList()));
    String name = options.tag().map(ImageReference::familiarString).orElse(image.id().toString());
    events.publish(ImageEvent.of("import", image.id().toString(), name));
    return image;
  }

  private record Stored(Descriptor blob, DiffId diffId) {}

  private Stored store(InputStream rootfs) {
    try (ContentStore.Writer writer = content.writer()) {
      TeeInputStream tee = new TeeInputStream(rootfs, writer);
      LayerStreams.Measured measured = LayerStreams.measure(tee, "the imported tarball");
      tee.transferTo(java.io.OutputStream.nullOutputStream());
      long size = writer.written();
      if (size == 0) {
        throw BerthException.invalid("cannot import an empty tarball");
      }
      Digest digest = writer.commit();
      MediaType type =
          switch (measured.compression()) {
            case NONE -> MediaType.OCI_LAYER_TAR;
            case GZIP -> MediaType.OCI_LAYER_TAR_GZIP;
            case ZSTD -> MediaType.OCI_LAYER_TAR_ZSTD;
          };
      return new Stored(Descriptor.of(type, digest, size), measured.diffId());
    } catch (IOException e) {
      throw BerthException.invalid("cannot read the imported tarball: %s", e.getMessage());
    }
  }

  /** Copies every byte read to a content writer. */
  private static final class TeeInputStream extends java.io.FilterInputStream {
    private final ContentStore.Writer writer;

    TeeInputStream(InputStream in, ContentStore.Writer writer) {
      super(in);
      this.writer = writer;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        writer.write(new byte[] {(byte) b}, 0, 1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        writer.write(b, off, n);
      }
      return n;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public void close() {
      // the caller's stream stays open; the writer is committed by the caller
    }
  }
}
