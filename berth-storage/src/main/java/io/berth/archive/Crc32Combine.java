package io.berth.archive;

/**
 * Combines the CRC-32 of two adjacent byte runs into the CRC-32 of their concatenation without the
 * bytes: appending {@code n} zero bits to a CRC is a linear map over GF(2), applied by squaring
 * that map's 32×32 matrix once per bit of the second run's length.
 */
final class Crc32Combine {

  private static final long POLYNOMIAL = 0xedb88320L;

  private Crc32Combine() {}

  /** The CRC-32 of A followed by B, given the CRC of A, the CRC of B and B's length in bytes. */
  static long combine(long crcA, long crcB, long lengthB) {
    if (lengthB <= 0) {
      return crcA;
    }

    // The operator for one zero bit: shift right, xor the polynomial when the low bit was set.
    long[] odd = new long[32];
    odd[0] = POLYNOMIAL;
    for (int n = 1; n < 32; n++) {
      odd[n] = 1L << (n - 1);
    }
    long[] even = new long[32];
    square(even, odd); // two zero bits
    square(odd, even); // four zero bits

    // Each round squares the operator (8 zero bits = one zero byte first) and applies it when the
    // corresponding bit of the length is set.
    long crc = crcA;
    long remaining = lengthB;
    while (true) {
      square(even, odd);
      if ((remaining & 1) != 0) {
        crc = times(even, crc);
      }
      remaining >>>= 1;
      if (remaining == 0) {
        break;
      }
      square(odd, even);
      if ((remaining & 1) != 0) {
        crc = times(odd, crc);
      }
      remaining >>>= 1;
      if (remaining == 0) {
        break;
      }
    }
    return (crc ^ crcB) & 0xffffffffL;
  }

  private static long times(long[] matrix, long vector) {
    long sum = 0;
    for (int i = 0; vector != 0; i++, vector >>>= 1) {
      if ((vector & 1) != 0) {
        sum ^= matrix[i];
      }
    }
    return sum;
  }

  private static void square(long[] result, long[] matrix) {
    for (int n = 0; n < 32; n++) {
      result[n] = times(matrix, matrix[n]);
    }
  }
}
