package io.argosy.core.cli;

import io.argosy.core.client.ArgosyClient;
import picocli.CommandLine;

/**
 * Turns failures into the CLI contract: one line on stderr and an exit code. Bad input (an
 * {@link InvalidInputException}, a gpu-model {@link io.argosy.gpu.InvalidSpecException} naming the
 * field, or a 4xx answer from the server) exits 2; an unreachable server or a 5xx exits 1.
 * Anything else is a bug and keeps its stack trace.
 */
final class InvalidInputHandler implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) throws Exception {
    if (ex instanceof InvalidInputException || ex instanceof io.argosy.gpu.InvalidSpecException) {
      cl.getErr().println(name(cl) + ": " + oneLine(ex.getMessage()));
      return Main.EXIT_INVALID;
    }
    if (ex instanceof ArgosyClient.ApiException api) {
      cl.getErr().println(name(cl) + ": " + oneLine(api.getMessage()));
      return api.status() < 500 ? Main.EXIT_INVALID : Main.EXIT_FAILED;
    }
    if (ex instanceof ArgosyClient.UnreachableException u) {
      cl.getErr().println(name(cl) + ": " + oneLine(u.getMessage()));
      return Main.EXIT_FAILED;
    }
    throw ex;
  }

  static int onParameterError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    cl.getErr().println(name(cl) + ": " + oneLine(ex.getMessage()));
    return Main.EXIT_INVALID;
  }

  /** The command path below {@code argosy}: {@code explain}, {@code quota set}. */
  private static String name(CommandLine cl) {
    String q = cl.getCommandSpec().qualifiedName();
    return q.startsWith("argosy ") ? q.substring(7) : q;
  }

  static String oneLine(String message) {
    return message == null ? "invalid input" : message.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
