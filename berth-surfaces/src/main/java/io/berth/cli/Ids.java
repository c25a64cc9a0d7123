package io.berth.cli;

/** docker's short forms: 12-character IDs and text cut to a display width with {@code …}. */
final class Ids {
  private Ids() {}

  /** docker's {@code TruncateID}: the part after any {@code algo:} prefix, at most 12 chars. */
  static String truncate(String id) {
    int colon = id.indexOf(':');
    String hex = colon >= 0 ? id.substring(colon + 1) : id;
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }

  /** The ID as a listing shows it: short unless {@code --no-trunc}. */
  static String shown(String id, boolean noTrunc) {
    return noTrunc ? id : truncate(id);
  }

  /** docker's {@code Ellipsis}: {@code text} cut to {@code width} code points, ending in … */
  static String ellipsis(String text, int width) {
    int length = text.codePointCount(0, text.length());
    if (length <= width) {
      return text;
    }
    if (width <= 1) {
      return text.substring(0, text.offsetByCodePoints(0, Math.max(width, 0)));
    }
    return text.substring(0, text.offsetByCodePoints(0, width - 1)) + "…";
  }

  /** Go's {@code strconv.Quote} for the printable text docker shows in its COMMAND column. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                  if (c < 0x20 || c == 0x7f) {
                    out.append("\\x%02x".formatted(c));
                  } else {
                    out.appendCodePoint(c);
                  }
                }
              }
            });
    return out.append('"').toString();
  }
}
