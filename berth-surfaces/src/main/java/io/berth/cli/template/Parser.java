package io.berth.cli.template;

import io.berth.cli.template.Lexer.Kind;
import io.berth.cli.template.Lexer.Token;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Builds the syntax tree from the tokens, checking function names and block structure. */
final class Parser {
  // TODO(#3): {{define}}, {{template}} and {{block}} (named templates) are not supported.
  private static final Set<String> UNSUPPORTED = Set.of("define", "template", "block");

  private final String input;
  private final List<Token> tokens;
  private int next;
  private int rangeDepth;
  private int lastAction;

  private Parser(String input) {
    this.input = input;
    this.tokens = Lexer.lex(input);
  }

  static List<Node> parse(String input) {
    Parser p = new Parser(input);
    List<Node> nodes = new ArrayList<>();
    String end = p.list(nodes);
    if (!end.isEmpty()) {
      throw Template.parseError(input, p.lastAction, "unexpected {{" + end + "}}");
    }
    return nodes;
  }

  /**
   * Reads nodes into {@code out} up to EOF or an {@code {{end}}} / {@code {{else …}}}; returns ""
   * at EOF, "end", or "else" (the tokens after else are left for the caller).
   */
  private String list(List<Node> out) {
    while (true) {
      Token t = take();
      switch (t.kind()) {
        case EOF -> {
          next--;
          return "";
        }
        case TEXT -> out.add(new Node.Text(t.pos(), t.text()));
        case LEFT -> {
          lastAction = t.pos();
          String stop = action(t, out);
          if (stop != null) {
            return stop;
          }
        }
        default -> throw error(t, "unexpected " + describe(t));
      }
    }
  }

  /** One action after {@code {{}; returns "end"/"else" when it is one, else null. */
  private String action(Token left, List<Node> out) {
    Token t = peek();
    if (t.kind() == Kind.IDENT) {
      switch (t.text()) {
        case "end" -> {
          take();
          expect(Kind.RIGHT, "end");
          return "end";
        }
        case "else" -> {
          take();
          return "else";
        }
        case "if", "with" -> {
          take();
          out.add(branch(left.pos(), t.text().equals("with")));
          return null;
        }
        case "range" -> {
          take();
          out.add(range(left.pos()));
          return null;
        }
        case "break", "continue" -> {
          take();
          if (rangeDepth == 0) {
            throw error(t, "{{" + t.text() + "}} outside {{range}}");
          }
          expect(Kind.RIGHT, t.text());
          out.add(new Node.LoopControl(left.pos(), t.text().equals("break")));
          return null;
        }
        default -> {
          if (UNSUPPORTED.contains(t.text())) {
            throw error(t, "{{" + t.text() + "}} is not supported by berth's --format");
          }
        }
      }
    }
    out.add(new Node.Action(left.pos(), pipeline("command", true, Kind.RIGHT)));
    return null;
  }

  private Node.Branch branch(int pos, boolean isWith) {
    String keyword = isWith ? "with" : "if";
    Node.Pipeline pipe = pipeline(keyword, true, Kind.RIGHT);
    List<Node> body = new ArrayList<>();
    String stop = list(body);
    List<Node> elseBody = new ArrayList<>();
    if (stop.isEmpty()) {
      throw Template.parseError(input, pos, "unexpected EOF: {{" + keyword + "}} has no {{end}}");
    }
    if (stop.equals("else")) {
      Token t = peek();
      if (t.kind() == Kind.IDENT && (t.text().equals("if") || t.text().equals("with"))) {
        // {{else if …}} is an if nested in the else branch that shares our {{end}}.
        take();
        elseBody.add(branch(t.pos(), t.text().equals("with")));
        return new Node.Branch(pos, isWith, pipe, body, elseBody);
      }
      expect(Kind.RIGHT, "else");
      if (!list(elseBody).equals("end")) {
        throw Template.parseError(input, pos, "expected {{end}} for {{" + keyword + "}}");
      }
    }
    return new Node.Branch(pos, isWith, pipe, body, elseBody);
  }

  private Node.Range range(int pos) {
    Node.Pipeline pipe = pipeline("range", true, Kind.RIGHT);
    rangeDepth++;
    List<Node> body = new ArrayList<>();
    String stop = list(body);
    rangeDepth--;
    List<Node> elseBody = new ArrayList<>();
    if (stop.isEmpty()) {
      throw Template.parseError(input, pos, "unexpected EOF: {{range}} has no {{end}}");
    }
    if (stop.equals("else")) {
      expect(Kind.RIGHT, "else");
      if (!list(elseBody).equals("end")) {
        throw Template.parseError(input, pos, "expected {{end}} for {{range}}");
      }
    }
    return new Node.Range(pos, pipe, body, elseBody);
  }

  /** [vars :=] command (| command)* up to {@code until}. */
  private Node.Pipeline pipeline(String context, boolean allowDecl, Kind until) {
    int pos = peek().pos();
    List<String> vars = new ArrayList<>();
    boolean declare = true;
    if (allowDecl && peek().kind() == Kind.VARIABLE) {
      int save = next;
      List<String> names = new ArrayList<>();
      names.add(take().text());
      if (peek().kind() == Kind.COMMA) {
        take();
        Token second = take();
        if (second.kind() != Kind.VARIABLE) {
          throw error(second, "expected a variable after comma in " + context);
        }
        names.add(second.text());
      }
      Kind k = peek().kind();
      if (k == Kind.DECLARE || k == Kind.ASSIGN) {
        take();
        declare = k == Kind.DECLARE;
        vars = names;
        if (names.size() == 2 && !context.equals("range")) {
          throw error(peek(), "too many declarations in " + context);
        }
      } else {
        next = save;
      }
    }
    List<Node.Command> commands = new ArrayList<>();
    while (true) {
      commands.add(command(context, until));
      Token t = take();
      if (t.kind() == until) {
        break;
      }
      if (t.kind() != Kind.PIPE) {
        throw error(t, "unexpected " + describe(t) + " in " + context);
      }
    }
    return new Node.Pipeline(pos, List.copyOf(vars), declare, commands);
  }

  private Node.Command command(String context, Kind until) {
    int pos = peek().pos();
    List<Node.Operand> args = new ArrayList<>();
    while (true) {
      Token t = peek();
      if (t.kind() == until || t.kind() == Kind.PIPE) {
        break;
      }
      if (t.kind() == Kind.EOF || t.kind() == Kind.RIGHT || t.kind() == Kind.RPAREN) {
        throw error(t, "unexpected " + describe(t) + " in operand");
      }
      args.add(operand());
    }
    if (args.isEmpty()) {
      throw error(peek(), "missing value for " + context);
    }
    return new Node.Command(pos, args);
  }

  private Node.Operand operand() {
    Token t = take();
    return switch (t.kind()) {
      case DOT -> new Node.Field(t.pos(), List.of());
      case FIELD -> new Node.Field(t.pos(), names(t.text().substring(1)));
      case VARIABLE -> variable(t);
      case STRING -> new Node.Literal(t.pos(), t.text());
      case NUMBER -> new Node.Literal(t.pos(), number(t));
      case LPAREN -> {
        Node.Pipeline inner = pipeline("parenthesized pipeline", false, Kind.RPAREN);
        List<String> chain = List.of();
        if (peek().kind() == Kind.FIELD && peek().pos() == tokens.get(next - 1).pos() + 1) {
          chain = names(take().text().substring(1));
        }
        yield new Node.Sub(t.pos(), inner, chain);
      }
      case IDENT ->
          switch (t.text()) {
            case "true" -> new Node.Literal(t.pos(), Boolean.TRUE);
            case "false" -> new Node.Literal(t.pos(), Boolean.FALSE);
            case "nil" -> new Node.Literal(t.pos(), null);
            default -> {
              if (!Functions.exists(t.text())) {
                throw error(t, "function \"" + t.text() + "\" not defined");
              }
              yield new Node.Identifier(t.pos(), t.text());
            }
          };
      default -> throw error(t, "unexpected " + describe(t) + " in operand");
    };
  }

  private Node.Variable variable(Token t) {
    String text = t.text();
    int dot = text.indexOf('.');
    String name = dot < 0 ? text : text.substring(0, dot);
    return new Node.Variable(t.pos(), name, dot < 0 ? List.of() : names(text.substring(dot + 1)));
  }

  private static List<String> names(String dotted) {
    return dotted.isEmpty() ? List.of() : Arrays.asList(dotted.split("\\."));
  }

  private Object number(Token t) {
    String text = t.text().replace("_", "");
    try {
      if (text.matches("[-+]?0[xX][0-9a-fA-F]+")) {
        boolean negative = text.startsWith("-");
        String digits = text.replaceFirst("^[-+]?0[xX]", "");
        long v = new BigInteger(digits, 16).longValueExact();
        return negative ? -v : v;
      }
      if (text.matches("[-+]?[0-9]+")) {
        return Long.parseLong(text);
      }
      return Double.parseDouble(text);
    } catch (NumberFormatException | ArithmeticException e) {
      throw error(t, "illegal number syntax: \"" + t.text() + "\"");
    }
  }

  private void expect(Kind kind, String context) {
    Token t = take();
    if (t.kind() != kind) {
      throw error(t, "unexpected " + describe(t) + " in " + context);
    }
  }

  private Token take() {
    return tokens.get(next++);
  }

  private Token peek() {
    return tokens.get(next);
  }

  private RuntimeException error(Token t, String message) {
    return Template.parseError(input, t.pos(), message);
  }

  private static String describe(Token t) {
    return switch (t.kind()) {
      case EOF -> "EOF";
      case RIGHT -> "\"}}\"";
      case TEXT -> "text";
      default -> "\"" + t.text() + "\"";
    };
  }
}
