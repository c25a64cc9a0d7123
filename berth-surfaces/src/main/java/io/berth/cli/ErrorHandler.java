package io.berth.cli;

import io.berth.errors.BerthException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
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
    if (e instanceof UnmatchedArgumentException u && u.getUnmatched().getFirst().startsWith("-")) {
      err.println("unknown flag: " + u.getUnmatched().getFirst());
    } else {
      err.println(e.getMessage());
    }
    err.println();
    err.println("Run '" + path + " --help' for more information");
    err.flush();
    return ExitCodes.USAGE;
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
