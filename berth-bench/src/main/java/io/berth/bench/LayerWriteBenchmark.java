package io.berth.bench;

import io.berth.archive.Compression;
import io.berth.archive.LayerBlob;
import io.berth.archive.LayerWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing a layer from a generated tree (files of text-like and random content, as a root file
 * system mixes) with berth's parallel gzip, with zstd, and, as the baseline, the same tar through
 * the JDK's single-threaded {@link GZIPOutputStream}. Run with {@code -p sizeMiB=1024} for the
 * issue's 1 GiB figure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class LayerWriteBenchmark {

  @Param("64")
  public int sizeMiB;

  private Path tree;

  @Setup(Level.Trial)
  public void generate() throws IOException {
    tree = Files.createTempDirectory("berth-bench-layer");
    Random random = new Random(42);
    String[] words = {"lib", "usr", "share", "config", "value", "the", "and", "0x", "ELF", "{"};
    long total = (long) sizeMiB << 20;
    int file = 0;
    for (long written = 0; written < total; file++) {
      Path dir = Files.createDirectories(tree.resolve("d" + file % 64));
      int size = 4096 + random.nextInt(1 << 20);
      byte[] data = new byte[size];
      if (file % 3 == 0) {
        random.nextBytes(data);
      } else {
        for (int i = 0; i < size; ) {
          byte[] word = (words[random.nextInt(words.length)] + ' ').getBytes();
          int n = Math.min(word.length, size - i);
          System.arraycopy(word, 0, data, i, n);
          i += n;
        }
      }
      Files.write(dir.resolve("f" + file), data);
      written += size;
    }
  }

  @TearDown(Level.Trial)
  public void remove() throws IOException {
    try (Stream<Path> walk = Files.walk(tree)) {
      walk.sorted(Comparator.reverseOrder()).forEach(LayerWriteBenchmark::delete);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private LayerBlob write(Compression compression, OutputStream sink) {
    return new LayerWriter(LayerWriter.Options.of(compression, LayerWriter.Source.ROOTFS))
        .write(tree, sink);
  }

  @Benchmark
  public LayerBlob gzipParallel() {
    return write(Compression.GZIP, OutputStream.nullOutputStream());
  }

  @Benchmark
  public LayerBlob zstd() {
    return write(Compression.ZSTD, OutputStream.nullOutputStream());
  }

  @Benchmark
  public LayerBlob gzipSingleThreadBaseline() throws IOException {
    try (GZIPOutputStream gzip = new GZIPOutputStream(OutputStream.nullOutputStream(), 64 * 1024)) {
      LayerBlob tar = write(Compression.NONE, gzip);
      gzip.finish();
      return tar;
    }
  }

  @Benchmark
  public LayerBlob uncompressed() {
    return write(Compression.NONE, OutputStream.nullOutputStream());
  }
}
