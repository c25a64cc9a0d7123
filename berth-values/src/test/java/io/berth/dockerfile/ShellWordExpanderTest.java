package io.berth.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The expander against the reference's forms and corner cases. */
class ShellWordExpanderTest {

  private static final Map<String, String> ENV =
      Map.of(
          "str", "foobarbaz", "FOO", "/bar", "empty", "", "sp", "a  b", "path", "/usr/local/bin");
  private static final Function<String, Optional<String>> LOOKUP =
      n -> Optional.ofNullable(ENV.get(n));
  private final ShellWordExpander expander = new ShellWordExpander('\\');

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "$FOO|/bar",
        "${FOO}|/bar",
        "${FOO}_x|/bar_x",
        "$FOO_x|''",
        "\\$FOO|$FOO",
        "\\${FOO}|${FOO}",
        "'$FOO'|$FOO",
        "\"$FOO\"|/bar",
        "\"a\\\"b\"|a\"b",
        "\"a\\nb\"|a\\nb",
        "a\\ b|a b",
        "${unset:-word}|word",
        "${empty:-word}|word",
        "${FOO:-word}|/bar",
        "${empty-word}|''",
        "${unset-word}|word",
        "${FOO:+word}|word",
        "${empty:+word}|''",
        "${empty+word}|word",
        "${unset+word}|''",
        "${unset:-${FOO}}|/bar",
        "${unset:-$FOO/x}|/bar/x",
        "${str#f*b}|arbaz",
        "${str##f*b}|az",
        "${str%b*}|foobar",
        "${str%%b*}|foo",
        "${str/ba/fo}|fooforbaz",
        "${str//ba/fo}|fooforfoz",
        "${str#nomatch}|foobarbaz",
        "${path%/*}|/usr/local",
        "${path##*/}|bin",
        "${str/b?r/X}|fooXbaz",
        "$|$",
        "a$|a$",
        "$1|''",
        "${FOO}}|/bar}",
        "trailing\\|trailing",
        "~~|''",
      })
  void expands(String word, String expected) {
    String want = expected.equals("''") ? "" : expected;
    assertThat(expander.expand(word, LOOKUP)).isEqualTo(want);
  }

  @Test
  void backtickEscapes() {
    ShellWordExpander backtick = new ShellWordExpander('`');
    assertThat(backtick.expand("`$FOO c:\\dir", LOOKUP)).isEqualTo("$FOO c:\\dir");
  }

  @Test
  void splitsUnquotedVariablesIntoWords() {
    List<String> words = expander.expandWords("$sp \"$sp\" x\\ y ''", LOOKUP, n -> {});
    assertThat(words).containsExactly("a", "b", "a  b", "x y", "");
  }

  @Test
  void reportsUndefinedVariablesWithoutADefault() {
    List<String> undefined = new ArrayList<>();
    expander.expand(
        "$a ${b} ${c:-x} ${d-y} ${e+z} ${f#p} ${unset:-$g} $FOO", LOOKUP, undefined::add);
    assertThat(undefined).containsExactly("a", "b", "f", "g");
  }

  @Test
  void defaultNotTakenIsNotReported() {
    List<String> undefined = new ArrayList<>();
    expander.expand("${FOO:-$nothere}", LOOKUP, undefined::add);
    assertThat(undefined).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "'open|unexpected end of statement while looking for matching single-quote",
        "\"open|unexpected end of statement while looking for matching double-quote",
        "${FOO|missing '}' in ${FOO",
        "${FOO:-x|missing '}' in variable substitution",
        "${}|bad substitution: expected a variable name after ${",
        "${FOO:x}|unsupported modifier (:x) in substitution ${FOO:x...}",
        "${FOO^}|unsupported modifier (^) in substitution ${FOO^...}",
        "${unset:?must be set}|unset: must be set",
        "${unset?}|unset: is not allowed to be unset",
      })
  void rejects(String word, String message) {
    assertThatThrownBy(() -> expander.expand(word, LOOKUP))
        .isInstanceOfSatisfying(
            BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
        .hasMessage(message);
  }

  @Test
  void deepNestingIsRejectedNotOverflowed() {
    String word = "${a:-".repeat(100_000) + "x" + "}".repeat(100_000);
    assertThatThrownBy(() -> expander.expand(word, LOOKUP))
        .hasMessage("variable substitution nested deeper than 64 levels");
  }
}
