package io.berth.cli;

import io.berth.errors.BerthException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The CLI's one error handler: a failure is printed as docker prints it, with a stack trace only
 * with {@code --debug}, and becomes the exit code {@link ExitCodes} gives it.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    if (e instanceof FlagError) {
      printWithUsage(err, cmd, e.getMessage(), "Run");
      return ExitCodes.USAGE;
    }
    err.println(message(e));
    if (debug(cmd)) {
      e.printStackTrace(err);
    }
    err.flush();
    if (e instanceof BerthException b) {
      return ExitCodes.of(b.kind(), cmd.getCommand());
    }
    return ExitCodes.ERROR;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String path = cmd.getCommandSpec().qualifiedName(" ");
    if (e instanceof UnmatchedArgumentException u && isUnknownCommand(u)) {
      err.println("berth: unknown command: " + path + " " + u.getUnmatched().getFirst());
      err.println();
      err.println("Run '" + path + " --help' for more information");
      err.flush();
      return ExitCodes.ERROR;
    }
    if (e instanceof MissingParameterException
        || (e instanceof UnmatchedArgumentException u && isExtraArgument(u))) {
      // docker checks the number of arguments before anything else, and exits 1.
      String arity = arityMessage(cmd);
      // (docker's check for commands without arguments points to help with "Run", the others
      // with "See".)
      String verb = arity.startsWith("accepts no") ? "Run" : "See";
      printWithUsage(err, cmd, "berth: '" + path + "' " + arity, verb);
      return ExitCodes.ERROR;
    }
    if (e instanceof UnmatchedArgumentException u && u.getUnmatched().getFirst().startsWith("-")) {
      printWithUsage(err, cmd, "unknown flag: " + u.getUnmatched().getFirst(), "Run");
    } else {
      printWithUsage(err, cmd, e.getMessage(), "Run");
    }
    return ExitCodes.USAGE;
  }

  /** docker's layout: the message, the command's usage line, then where help is. */
  private static void printWithUsage(
      PrintWriter err, CommandLine cmd, String message, String helpVerb) {
    String path = cmd.getCommandSpec().qualifiedName(" ");
    err.println(message);
    err.println();
    Usages.of(cmd).ifPresent(usage -> err.println("Usage:  " + usage + "\n"));
    err.println(helpVerb + " '" + path + " --help' for more information");
    err.flush();
  }

  /** "requires at least 1 argument", "requires 2 arguments", as docker's argument checks say. */
  private static String arityMessage(CommandLine cmd) {
    int min = 0;
    int max = 0;
    for (PositionalParamSpec p : cmd.getCommandSpec().positionalParameters()) {
      min += p.arity().min();
      boolean unbounded = p.isMultiValue() || p.arity().max() == Integer.MAX_VALUE;
      max = unbounded || max < 0 ? -1 : max + p.arity().max();
    }
    String noun = (min == 1 ? " argument" : " arguments");
    if (max == 0) {
      return "accepts no arguments";
    }
    if (max == min) {
      return "requires " + min + noun;
    }
    if (max < 0) {
      return "requires at least " + min + noun;
    }
    if (min == 0) {
      return "requires at most " + max + (max == 1 ? " argument" : " arguments");
    }
    return "requires at least " + min + " and at most " + max + " arguments";
  }

  private static boolean isExtraArgument(UnmatchedArgumentException u) {
    return u.getCommandLine().getSubcommands().isEmpty()
        && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().getFirst().startsWith("-");
  }

  private static boolean isUnknownCommand(UnmatchedArgumentException u) {
    return !u.getCommandLine().getSubcommands().isEmpty()
        && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().getFirst().startsWith("-");
  }

  private static String message(Exception e) {
    if (e instanceof BerthException) {
      return e.getMessage();
    }
    return "berth: " + e;
  }

  private static boolean debug(CommandLine cmd) {
    Object root = cmd.getCommandSpec().root().userObject();
    return root instanceof Main main && main.debug;
  }
}
