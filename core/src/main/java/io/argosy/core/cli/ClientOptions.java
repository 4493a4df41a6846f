package io.argosy.core.cli;

import io.argosy.core.client.ArgosyClient;
import io.argosy.core.json.Json;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** Options every client verb shares: the server, the output format; the token comes from ARGOSY_TOKEN. */
final class ClientOptions {
  static final String TOKEN_ENV = "ARGOSY_TOKEN";

  @Option(names = "--server", defaultValue = "${env:ARGOSY_SERVER:-http://127.0.0.1:8080}",
      description = "Control plane URL (default: $ARGOSY_SERVER or ${DEFAULT-VALUE}). The token is read from $ARGOSY_TOKEN.")
  String server;

  @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table (default), json or yaml.")
  Output output;

  ArgosyClient client() {
    if (!server.matches("https?://.+")) {
      throw new InvalidInputException("--server: must be an http:// or https:// URL, got '" + server + "'");
    }
    return new ArgosyClient(server, System.getenv(TOKEN_ENV));
  }

  /** Prints JSON or YAML of the value; false for table output (the caller prints the table). */
  boolean printStructured(PrintWriter out, Object value) {
    if (output == Output.JSON) {
      out.println(Json.pretty(value));
      return true;
    }
    if (output == Output.YAML) {
      out.print(Json.yaml(value));
      return true;
    }
    if (output == Output.HTML) {
      throw new InvalidInputException("--output: html is only available for 'argosy capacity'");
    }
    return false;
  }
}
