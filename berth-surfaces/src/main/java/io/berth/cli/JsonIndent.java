package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON indented as docker's inspect prints it ({@code json.Indent} with four spaces): keys in the
 * daemon's order, {@code "key": value}, and {@code {}} / {@code []} for empty objects and arrays.
 */
final class JsonIndent {
  private JsonIndent() {}

  /** The nodes as one indented JSON array. */
  static String array(List<JsonNode> nodes) {
    if (nodes.isEmpty()) {
      return "[]";
    }
    StringBuilder out = new StringBuilder("[\n");
    for (int i = 0; i < nodes.size(); i++) {
      out.append("    ");
      write(nodes.get(i), 1, out);
      out.append(i + 1 < nodes.size() ? ",\n" : "\n");
    }
    return out.append(']').toString();
  }

  /** One node indented. */
  static String of(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, 0, out);
    return out.toString();
  }

  private static void write(JsonNode node, int depth, StringBuilder out) {
    if (node.isObject() && !node.isEmpty()) {
      out.append("{\n");
      Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        indent(depth + 1, out);
        out.append(TextNode.valueOf(field.getKey())).append(": ");
        write(field.getValue(), depth + 1, out);
        out.append(fields.hasNext() ? ",\n" : "\n");
      }
      indent(depth, out);
      out.append('}');
    } else if (node.isArray() && !node.isEmpty()) {
      out.append("[\n");
      for (int i = 0; i < node.size(); i++) {
        indent(depth + 1, out);
        write(node.get(i), depth + 1, out);
        out.append(i + 1 < node.size() ? ",\n" : "\n");
      }
      indent(depth, out);
      out.append(']');
    } else if (node.isObject()) {
      out.append("{}");
    } else if (node.isArray()) {
      out.append("[]");
    } else {
      out.append(node);
    }
  }

  private static void indent(int depth, StringBuilder out) {
    out.append("    ".repeat(depth));
  }
}
