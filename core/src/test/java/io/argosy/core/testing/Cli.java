package io.argosy.core.testing;

import io.argosy.core.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code argosy} verbs in-process against a server, capturing output. */
public final class Cli {
  public record Run(int exit, String out, String err) {}

  private Cli() {}

  public static Run run(String... args) {
    var cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
