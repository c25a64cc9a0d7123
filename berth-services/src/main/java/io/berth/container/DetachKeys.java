package io.berth.container;

import io.berth.errors.BerthException;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * The keys that detach a client from a container with a terminal, leaving it running (Docker's
 * {@code --detach-keys}): a comma-separated list of single characters and {@code ctrl-<key>}
 * chords, {@code ctrl-p,ctrl-q} unless the client names others.
 */
public record DetachKeys(String keys) {

  /** Docker's default sequence. */
  public static final DetachKeys DEFAULT = new DetachKeys("ctrl-p,ctrl-q");

  public DetachKeys {
    sequence(keys);
  }

  /** The keys {@code text} names, the default when it is empty. */
  public static DetachKeys parse(String text) {
    return text == null || text.isEmpty() ? DEFAULT : new DetachKeys(text);
  }

  /** The bytes the keys send, in order. */
  public byte[] bytes() {
    return sequence(keys);
  }

  private static byte[] sequence(String keys) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String key : keys.split(",", -1)) {
      out.write(code(key, keys));
    }
    return out.toByteArray();
  }

  private static int code(String key, String keys) {
    if (key.length() == 1 && key.charAt(0) < 0x80) {
      return key.charAt(0);
    }
    String lower = key.toLowerCase(Locale.ROOT);
    if (lower.startsWith("ctrl-") && lower.length() == 6) {
      char c = lower.charAt(5);
      if (c >= 'a' && c <= 'z') {
        return c - 'a' + 1;
      }
      int index = "@[\\]^_".indexOf(c);
      if (index >= 0) {
        return index == 0 ? 0 : 26 + index;
      }
    }
    throw BerthException.invalid(
        "Invalid detach keys (%s) provided: unknown key \"%s\"; use single characters or"
            + " ctrl-<a-z, @, [, \\, ], ^ or _>, separated by commas",
        keys, key);
  }

  /**
   * {@code in} as it is copied to a terminal: when the keys are typed, in reads that hold nothing
   * but them (as keys typed by a person arrive, alone or together), the read throws {@link
   * Detached} instead of passing them on; the same bytes inside other input (a paste) pass, and
   * keys that turn out to start no sequence are passed on late, in order.
   */
  public InputStream watch(InputStream in) {
    return new Watcher(in, bytes());
  }

  /** The client typed the detach keys. */
  public static final class Detached extends IOException {
    public Detached() {
      super("read escape sequence");
    }
  }

  private static final class Watcher extends FilterInputStream {
    private final byte[] sequence;
    private int matched;
    private byte[] pending = new byte[0];
    private int pendingAt;

    Watcher(InputStream in, byte[] sequence) {
      super(in);
      this.sequence = sequence;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n;
      do {
        n = read(one, 0, 1);
      } while (n == 0);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (true) {
        if (pendingAt < pending.length) {
          int n = Math.min(len, pending.length - pendingAt);
          System.arraycopy(pending, pendingAt, b, off, n);
          pendingAt += n;
          return n;
        }
        int n = in.read(b, off, len);
        if (n > 0 && continuesSequence(b, off, n)) {
          matched += n;
          if (matched == sequence.length) {
            matched = 0;
            throw new Detached();
          }
          continue;
        }
        if (matched > 0) {
          release(b, off, Math.max(n, 0));
          continue;
        }
        return n;
      }
    }

    /** Whether the {@code n} bytes read are, all of them, the next keys of the sequence. */
    private boolean continuesSequence(byte[] b, int off, int n) {
      if (matched + n > sequence.length) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        if (b[off + i] != sequence[matched + i]) {
          return false;
        }
      }
      return true;
    }

    /** Queues the held keys, then the {@code n} bytes just read, to be returned in order. */
    private void release(byte[] b, int off, int n) {
      byte[] all = Arrays.copyOf(sequence, matched + n);
      System.arraycopy(b, off, all, matched, n);
      pending = all;
      pendingAt = 0;
      matched = 0;
    }
  }
}
