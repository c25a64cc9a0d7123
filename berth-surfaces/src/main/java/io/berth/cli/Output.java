package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.template.Formats;
import io.berth.cli.template.Template;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/** How listings and inspections are printed: docker's {@code --format} rules in one place. */
final class Output {
  private Output() {}

  /**
   * Prints {@code rows} as {@code format} says (the listing's default table when none); {@code
   * quiet} with a table format prints only {@code quietTemplate} per row, as docker's {@code -q}.
   */
  static void listing(
      PrintWriter out,
      String format,
      boolean quiet,
      List<?> rows,
      Formats.Listing listing,
      String quietTemplate) {
    String chosen = quiet && Formats.isTable(format) ? quietTemplate : format;
    out.print(Formats.render(chosen, rows, listing));
    out.flush();
  }

  /** Prints inspected objects: each through the template, else all as docker's JSON array. */
  static void inspect(PrintWriter out, Optional<String> format, List<JsonNode> objects) {
    if (format.isEmpty()) {
      out.println(JsonIndent.array(objects));
      out.flush();
      return;
    }
    String source = format.get().equals("json") ? "{{json .}}" : Formats.prepare(format.get());
    Template template = Template.parse(source);
    for (JsonNode object : objects) {
      out.println(template.execute(object));
    }
    out.flush();
  }

  /** Prints one object through a template given with {@code --format}. */
  static void object(PrintWriter out, String format, Object data) {
    String source = format.equals("json") ? "{{json .}}" : Formats.prepare(format);
    out.println(Template.parse(source).execute(data));
    out.flush();
  }
}
