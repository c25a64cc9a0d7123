package io.berth.build.engine;

import java.util.function.Function;

/**
 * A {@code --chmod} value: octal ({@code 755}) or chmod(1)'s symbolic form ({@code u=rwX,go=rX},
 * {@code +x}), applied per file; a capital {@code X} adds execute only to directories and to files
 * that already had some execute bit.
 */
record Chmod(String text) {

  static Chmod parse(String text, Function<String, ? extends RuntimeException> error) {
    if (text.matches("[0-7]{1,4}")) {
      return new Chmod(text);
    }
    for (String clause : text.split(",")) {
      if (!clause.matches("[ugoa]*([-+=]([rwxXst]*|[ugo]))+")) {
        throw error.apply("--chmod=" + text + ": expected an octal mode or a symbolic one (u+x)");
      }
    }
    return new Chmod(text);
  }

  /** The mode a file with {@code mode} gets. */
  int apply(int mode, boolean directory) {
    if (text.matches("[0-7]{1,4}")) {
      return Integer.parseInt(text, 8);
    }
    int result = mode & 07777;
    for (String clause : text.split(",")) {
      int i = 0;
      int who = 0;
      while (i < clause.length() && "ugoa".indexOf(clause.charAt(i)) >= 0) {
        who |=
            switch (clause.charAt(i++)) {
              case 'u' -> 04700;
              case 'g' -> 02070;
              case 'o' -> 01007;
              default -> 07777;
            };
      }
      if (who == 0) {
        who = 07777;
      }
      while (i < clause.length()) {
        char op = clause.charAt(i++);
        int bits = 0;
        if (i < clause.length() && "ugo".indexOf(clause.charAt(i)) >= 0) {
          int shift =
              switch (clause.charAt(i++)) {
                case 'u' -> 6;
                case 'g' -> 3;
                default -> 0;
              };
          bits = ((result >> shift) & 7) * 0111;
        }
        while (i < clause.length() && "-+=".indexOf(clause.charAt(i)) < 0) {
          bits |=
              switch (clause.charAt(i++)) {
                case 'r' -> 0444;
                case 'w' -> 0222;
                case 'x' -> 0111;
                case 'X' -> directory || (mode & 0111) != 0 ? 0111 : 0;
                case 's' -> 06000;
                case 't' -> 01000;
                default -> 0;
              };
        }
        bits &= who;
        result =
            switch (op) {
              case '+' -> result | bits;
              case '-' -> result & ~bits;
              default -> (result & ~(who & 0777)) | bits;
            };
      }
    }
    return result;
  }
}
