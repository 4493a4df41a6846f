package io.argosy.core.cli;

import picocli.CommandLine;

/**
 * Turns bad input into the CLI contract: a one-line message on stderr and exit code 2. Bad input is
 * an {@link InvalidInputException} or a gpu-model {@link io.argosy.gpu.InvalidSpecException} (which
 * names the field). Anything else is a bug and keeps its stack trace.
 */
final class InvalidInputHandler implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) throws Exception {
    if (ex instanceof InvalidInputException || ex instanceof io.argosy.gpu.InvalidSpecException) {
      cl.getErr().println(cl.getCommandName() + ": " + oneLine(ex.getMessage()));
      return Main.EXIT_INVALID;
    }
    throw ex;
  }

  static int onParameterError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    cl.getErr().println(cl.getCommandName() + ": " + oneLine(ex.getMessage()));
    return Main.EXIT_INVALID;
  }

  static String oneLine(String message) {
    return message == null ? "invalid input" : message.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
