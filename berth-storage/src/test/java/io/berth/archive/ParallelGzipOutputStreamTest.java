package io.berth.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelGzipOutputStreamTest {

  private static byte[] sample(int size, long seed) {
    Random random = new Random(seed);
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      // Half text-like (compressible), half noise, so both deflate paths are exercised.
      data[i] = (i / 4096) % 2 == 0 ? (byte) ('a' + random.nextInt(6)) : (byte) random.nextInt();
    }
    return data;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 32 * 1024, 128 * 1024 - 1, 128 * 1024, 128 * 1024 * 3 + 12345})
  void anyGzipReaderReadsWhatItWrites(int size) throws Exception {
    byte[] data = sample(size, size);
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(compressed)) {
      gzip.write(data, 0, data.length / 2);
      gzip.write(data, data.length / 2, data.length - data.length / 2);
    }

    byte[] back =
        new GZIPInputStream(new ByteArrayInputStream(compressed.toByteArray())).readAllBytes();
    assertThat(back).isEqualTo(data);
  }

  @Test
  void outputIsReproducibleAndCompresses() throws Exception {
    byte[] data = new byte[1 << 20];
    java.util.Arrays.fill(data, (byte) 'x');
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    try (var a = new ParallelGzipOutputStream(first);
        var b = new ParallelGzipOutputStream(second)) {
      a.write(data);
      b.write(data);
    }

    assertThat(first.toByteArray()).isEqualTo(second.toByteArray());
    assertThat(first.size()).isLessThan(data.length / 50);
  }

  @Test
  void crcCombineMatchesTheCrcOfTheConcatenation() {
    byte[] data = sample(100_000, 3);
    for (int cut : new int[] {0, 1, 777, 65536, 99_999, 100_000}) {
      CRC32 whole = new CRC32();
      whole.update(data);
      CRC32 a = new CRC32();
      a.update(data, 0, cut);
      CRC32 b = new CRC32();
      b.update(data, cut, data.length - cut);

      assertThat(Crc32Combine.combine(a.getValue(), b.getValue(), data.length - cut))
          .as("cut at %d", cut)
          .isEqualTo(whole.getValue());
    }
  }
}
