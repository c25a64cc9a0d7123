package io.berth.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream compressed on every core: the input is cut into blocks, each deflated on a worker
 * with the 32 KiB before it as preset dictionary and ended by a sync flush (the last one by the end
 * of the deflate stream), and the blocks are written in order inside one gzip member whose CRC-32
 * is combined from the blocks' own. Any gzip reader reads the result.
 */
public final class ParallelGzipOutputStream extends OutputStream {

  /** The default block size: big enough to keep workers busy, small enough to spread work. */
  public static final int DEFAULT_BLOCK = 128 * 1024;

  private static final int DICTIONARY = 32 * 1024;
  private static final ExecutorService SHARED_WORKERS =
      Executors.newFixedThreadPool(
          Runtime.getRuntime().availableProcessors(),
          Thread.ofPlatform().daemon().name("berth-gzip-", 0).factory());
  private static final ThreadLocal<Deflater> DEFLATERS = new ThreadLocal<>();

  private final OutputStream out;
  private final int level;
  private final ExecutorService workers;
  private final int maxInFlight;
  private final Deque<Future<Block>> inFlight = new ArrayDeque<>();
  private byte[] block;
  private int filled;
  private byte[] dictionary = new byte[0];
  private long crc;
  private long length;
  private boolean closed;

  /** A stream at the default level and block size on a pool as wide as the machine. */
  public ParallelGzipOutputStream(OutputStream out) {
    this(out, Deflater.DEFAULT_COMPRESSION, DEFAULT_BLOCK, SHARED_WORKERS);
  }

  /** A stream at {@code level} (as {@link Deflater}), cutting blocks of {@code blockSize}. */
  public ParallelGzipOutputStream(
      OutputStream out, int level, int blockSize, ExecutorService workers) {
    if (blockSize < DICTIONARY) {
      throw new IllegalArgumentException("gzip block size " + blockSize + " < " + DICTIONARY);
    }
    this.out = out;
    this.level = level;
    this.workers = workers;
    this.maxInFlight = 2 * Runtime.getRuntime().availableProcessors() + 1;
    this.block = new byte[blockSize];
    writeHeader();
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int count) throws IOException {
    if (closed) {
      throw new IOException("gzip stream is closed");
    }
    while (count > 0) {
      int n = Math.min(count, block.length - filled);
      System.arraycopy(bytes, offset, block, filled, n);
      filled += n;
      offset += n;
      count -= n;
      if (filled == block.length) {
        submit(false);
      }
    }
  }

  /** Compresses what remains, writes the trailer and flushes; the sink is not closed. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    submit(true);
    while (!inFlight.isEmpty()) {
      writeOldest();
    }
    writeTrailer();
    out.flush();
  }

  private void submit(boolean last) throws IOException {
    byte[] data = block;
    int size = filled;
    byte[] preset = dictionary;
    if (size >= DICTIONARY) {
      dictionary = Arrays.copyOfRange(data, size - DICTIONARY, size);
    } else {
      dictionary = concatTail(preset, data, size);
    }
    inFlight.add(workers.submit(() -> compress(data, size, preset, last)));
    block = new byte[block.length];
    filled = 0;
    while (inFlight.size() >= maxInFlight) {
      writeOldest();
    }
  }

  private Block compress(byte[] data, int size, byte[] preset, boolean last) {
    Deflater deflater = DEFLATERS.get();
    if (deflater == null) {
      deflater = new Deflater(level, true);
      DEFLATERS.set(deflater);
    }
    deflater.reset();
    deflater.setLevel(level);
    if (preset.length > 0) {
      deflater.setDictionary(preset);
    }
    deflater.setInput(data, 0, size);
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(size / 2 + 64);
    byte[] buffer = new byte[64 * 1024];
    if (last) {
      deflater.finish();
      while (!deflater.finished()) {
        compressed.write(buffer, 0, deflater.deflate(buffer));
      }
    } else {
      int n;
      do {
        n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
        compressed.write(buffer, 0, n);
      } while (n == buffer.length);
    }
    CRC32 blockCrc = new CRC32();
    blockCrc.update(data, 0, size);
    return new Block(compressed.toByteArray(), blockCrc.getValue(), size);
  }

  private void writeOldest() throws IOException {
    Block done;
    try {
      done = inFlight.removeFirst().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing a gzip block");
    } catch (ExecutionException e) {
      throw new IOException("compressing a gzip block failed", e.getCause());
    }
    out.write(done.compressed());
    crc = Crc32Combine.combine(crc, done.crc(), done.length());
    length += done.length();
  }

  private void writeHeader() {
    // Magic, deflate, no flags, no modification time (so the output is reproducible), OS unknown.
    byte[] header = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    try {
      out.write(header);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void writeTrailer() throws IOException {
    byte[] trailer = new byte[8];
    for (int i = 0; i < 4; i++) {
      trailer[i] = (byte) (crc >>> (8 * i));
      trailer[4 + i] = (byte) (length >>> (8 * i));
    }
    out.write(trailer);
  }

  private static byte[] concatTail(byte[] previous, byte[] data, int size) {
    int keep = Math.min(previous.length, DICTIONARY - size);
    byte[] joined = new byte[keep + size];
    System.arraycopy(previous, previous.length - keep, joined, 0, keep);
    System.arraycopy(data, 0, joined, keep, size);
    return joined;
  }

  private record Block(byte[] compressed, long crc, int length) {}
}
