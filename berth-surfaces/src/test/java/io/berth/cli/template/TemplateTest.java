package io.berth.cli.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Data used by the table of cases: what `docker inspect` hands a template, roughly. */
  private static final String DATA =
      """
      {"Id": "4f3a2b1c0d9e8f7a", "Name": "/web", "Count": 3, "Ratio": 0.5, "Big": 1000000.0,
       "Empty": "", "Zero": 0, "Nil": null, "Yes": true, "No": false,
       "Names": ["web", "front"], "None": [],
       "Labels": {"b": "2", "a": "1"},
       "Config": {"Image": "mon_image:1.0", "Env": ["A=1", "B=2"], "Cmd": null},
       "Ports": [{"Port": 80, "Type": "tcp"}, {"Port": 53, "Type": "udp"}],
       "Text": "Hello <World> & co"}
      """;

  private static String run(String template, String json) throws Exception {
    JsonNode node = JSON.readTree(json);
    return Template.parse(template).execute(node);
  }

  /** template | expected output, against DATA. "\n" in expected is a newline. */
  @ParameterizedTest
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '~',
      ignoreLeadingAndTrailingWhitespace = false,
      value = {
        "plain text => plain text",
        "{{.Name}} => /web",
        "{{.Config.Image}} => mon_image:1.0",
        "{{.Count}} => 3",
        "{{.Ratio}} => 0.5",
        "{{.Big}} => 1e+06",
        "{{.Yes}} {{.No}} => true false",
        "{{.Missing}} => <no value>",
        "{{.Missing.Deeper}} => <no value>",
        "{{.Nil}} => <nil>",
        "{{.Names}} => [web front]",
        "{{.None}} => []",
        "{{.Labels}} => map[a:1 b:2]",
        "{{.Ports}} => [map[Port:80 Type:tcp] map[Port:53 Type:udp]]",
        "{{.Config.Env}} => [A=1 B=2]",
        "{{json .Labels}} => {\"b\":\"2\",\"a\":\"1\"}",
        "{{json .Names}} => [\"web\",\"front\"]",
        "{{json .Text}} => \"Hello <World> & co\"",
        "{{json .Config.Cmd}} => null",
        "{{json .Ratio}} {{json .Count}} {{json .Big}} => 0.5 3 1000000",
        "{{join .Names \", \"}} => web, front",
        "{{split \"a:b:c\" \":\"}} => [a b c]",
        "{{index .Names 1}} => front",
        "{{index .Labels \"a\"}} => 1",
        "{{index .Ports 0 | json}} => {\"Port\":80,\"Type\":\"tcp\"}",
        "{{lower \"ABC\"}}{{upper \"def\"}} => abcDEF",
        "{{title \"hello big world\"}} => Hello Big World",
        "[{{pad .Name 2 3}}] => [  /web   ]",
        "{{truncate .Id 4}} => 4f3a",
        "{{truncate .Name 10}} => /web",
        "{{.Name | lower | upper}} => /WEB",
        "{{len .Names}} {{len .Labels}} {{len .Name}} => 2 2 4",
        "{{printf \"%s-%d\" .Name .Count}} => /web-3",
        "{{printf \"%v|%q\" .Names .Name}} => [web front]|\"/web\"",
        "[{{printf \"%-10s\" .Name}}] => [/web      ]",
        "[{{printf \"%6s\" .Name}}] => [  /web]",
        "{{printf \"%05d %x %.2f %t %%\" .Count 255 .Ratio .Yes}} => 00003 ff 0.50 true %",
        "{{printf \"%d\" .Name}} => %!d(string=/web)",
        "{{println .Name .Count}} => /web 3\\n",
        "{{print .Count .Count \"x\" .Count}} => 3 3x3",
        "{{if .Yes}}yes{{end}} => yes",
        "{{if .No}}yes{{else}}no{{end}} => no",
        "{{if .Empty}}a{{else if .Zero}}b{{else if .Names}}c{{else}}d{{end}} => c",
        "{{if .Missing}}a{{else}}b{{end}} => b",
        "{{if not .None}}empty{{end}} => empty",
        "{{if and .Yes .Names}}both{{end}} => both",
        "{{and .Yes .Zero .Names}} => 0",
        "{{or .Empty .Zero .Name}} => /web",
        "{{or .Empty .Zero}} => 0",
        "{{if eq .Count 3}}three{{end}} => three",
        "{{if eq .Name \"x\" \"/web\"}}one of{{end}} => one of",
        "{{if ne .Name \"x\"}}ne{{end}} => ne",
        "{{if lt .Count 4}}lt{{end}}{{if le .Count 3}}le{{end}}{{if gt .Ratio 0.1}}gt{{en"
            + "d}} => ltlegt",
        "{{if ge \"b\" \"a\"}}ge{{end}} => ge",
        "{{range .Names}}<{{.}}>{{end}} => <web><front>",
        "{{range $i, $e := .Names}}{{$i}}={{$e}};{{end}} => 0=web;1=front;",
        "{{range $k, $v := .Labels}}{{$k}}:{{$v}} {{end}} => a:1 b:2 ",
        "{{range .None}}x{{else}}none{{end}} => none",
        "{{range .Ports}}{{.Port}}/{{.Type}} {{end}} => 80/tcp 53/udp ",
        "{{range .Ports}}{{if eq .Type \"udp\"}}{{break}}{{end}}{{.Port}}{{end}} => 80",
        "{{range .Ports}}{{if eq .Type \"tcp\"}}{{continue}}{{end}}{{.Port}}{{end}} => 53",
        "{{range .Names}}{{$.Name}}:{{.}} {{end}} => /web:web /web:front ",
        "{{with .Config}}{{.Image}}{{end}} => mon_image:1.0",
        "{{with .Missing}}x{{else}}nothing{{end}} => nothing",
        "{{$n := .Name}}{{$n}} => /web",
        "{{$x := 1}}{{range .Names}}{{$x = 2}}{{end}}{{$x}} => 2",
        "{{(index .Ports 1).Port}} => 53",
        "{{len (split \"a,b,c\" \",\")}} => 3",
        "{{\"lit\"}} {{`raw`}} {{42}} {{-3}} {{1.5}} {{0x10}} {{true}} => lit raw 42 -3 1"
            + ".5 16 true",
        "a  {{- .Name -}}  b => a/webb",
        "a\\n{{- .Name}}\\n => a/web\\n",
        "{{/* a comment */}}x => x",
        "x {{- /* trimmed */ -}} y => xy",
        "{{.}} => map[Big:1e+06 Config:map[Cmd:<nil> Env:[A=1 B=2] Image:mon_image:1.0] C"
            + "ount:3 Empty: Id:4f3a2b1c0d9e8f7a Labels:map[a:1 b:2] Name:/web Names:[web front"
            + "] Nil:<nil> No:false None:[] Ports:[map[Port:80 Type:tcp] map[Port:53 Type:udp]]"
            + " Ratio:0.5 Text:Hello <World> & co Yes:true Zero:0]",
      })
  void executes(String template, String expected) throws Exception {
    String want = expected.replace("\\n", "\n");
    assertThat(run(template.replace("\\n", "\n"), DATA)).isEqualTo(want);
  }

  @Test
  void evaluatesPlainJavaValuesAndRecords() {
    record Port(int privatePort, String type) {}
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("Name", "web");
    data.put("Ports", List.of(new Port(80, "tcp")));
    data.put("Opt", Optional.of("x"));
    data.put("Gone", Optional.empty());
    data.put("Nested", Map.of("k", List.of(1, 2)));

    Template t =
        Template.parse(
            "{{.Name}} {{range .Ports}}{{.privatePort}}/{{.type}}{{end}} {{.Opt}} {{.Gone}}"
                + " {{.Nested}} {{json .Ports}} {{index .Ports 0}}");
    assertThat(t.execute(data))
        .isEqualTo(
            "web 80/tcp x <nil> map[k:[1 2]] [{\"privatePort\":80,\"type\":\"tcp\"}] {80 tcp}");
    assertThat(Template.parse("{{.}}").execute(null)).isEqualTo("<nil>");
    assertThat(Template.parse("{{.}}").execute(List.of("a", "b"))).isEqualTo("[a b]");
    assertThat(Template.parse("{{json .}}").execute(Map.of("b", 1, "a", true)))
        .isEqualTo("{\"a\":true,\"b\":1}");
  }

  /** template | message. */
  @ParameterizedTest
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '~',
      value = {
        "{{.Name} => template parsing error: template: :1:8: unexpected \"}\" in operand",
        "{{.Name => template parsing error: template: :1:1: unclosed action",
        "ab\\n {{nope .Name}} => template parsing error: template: :2:4: function \"nope"
            + "\" not defined",
        "{{if .X}}a => template parsing error: template: :1:1: unexpected EOF",
        "{{end}} => template parsing error: template: :1:1: unexpected {{end}}",
        "{{range .X}}{{else}} => template parsing error: template: :1:1: expected {{end}}",
        "{{break}} => template parsing error: template: :1:3: {{break}} outside {{range}}",
        "{{\"abc}} => template parsing error: template: :1:3: unterminated quoted string",
        "{{define \"x\"}}{{end}} => template parsing error: template: :1:3: {{define}} is"
            + " not supported",
        "{{.A | }} => template parsing error: template: :1:8: missing value for command",
        "{{ ( .A }} => template parsing error: template: :1:9: unexpected \"}}\" in operand",
        "{{$i, $e := .A}} => template parsing error: template: :1:13: too many declarations",
        "{{/* x }} => template parsing error: template: :1:1: unclosed comment",
      })
  void rejectsBadTemplatesWithAPosition(String template, String message) {
    assertThatThrownBy(() -> Template.parse(template.replace("\\n", "\n")))
        .isInstanceOfSatisfying(
            BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
        .hasMessageStartingWith(message);
  }

  /** template | message, against DATA. */
  @ParameterizedTest
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '~',
      value = {
        "{{.Name.X}} => template: :1:3: executing \"\" at <.Name.X>: can't evaluate field X in type"
            + " string",
        "x{{lower .Count}} => template: :1:4: executing \"\" at <lower .Count>: error cal"
            + "ling lower:"
            + " wrong type for value; expected string; got int64",
        "{{index .Names 5}} => template: :1:3: executing \"\" at <index .Names 5>: error calling"
            + " index: index out of range: 5",
        "{{.Name 1}} => template: :1:3: executing \"\" at <.Name 1>: can't give argument to"
            + " non-function .Name",
        "{{$nope}} => template: :1:3: executing \"\" at <$nope>: undefined variable: $nope",
        "{{eq .Names 1}} => template: :1:3: executing \"\" at <eq .Names 1>: error calling eq:"
            + " non-comparable type",
        "{{lt .Name 1}} => template: :1:3: executing \"\" at <lt .Name 1>: error calling lt:"
            + " incompatible types for comparison: string and int64",
        "{{range .Name}}{{end}} => template: :1:9: executing \"\" at <.Name>: range can't"
            + " iterate over /web",
      })
  void reportsExecutionErrorsWithAPosition(String template, String message) {
    assertThatThrownBy(() -> run(template, DATA))
        .isInstanceOfSatisfying(
            BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
        .hasMessageStartingWith(message);
  }
}
