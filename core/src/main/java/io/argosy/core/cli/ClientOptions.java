package io.argosy.core.cli;

import io.argosy.core.client.ArgosyClient;
import io.argosy.core.json.Json;
import io.argosy.core.security.Pem;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every client verb shares: the server, the output format; the token comes from ARGOSY_TOKEN. */
final class ClientOptions {
  static final String TOKEN_ENV = "ARGOSY_TOKEN";

  @Option(names = "--server", defaultValue = "${env:ARGOSY_SERVER:-http://127.0.0.1:8080}",
      description = "Control plane URL (default: $ARGOSY_SERVER or ${DEFAULT-VALUE}). The token is read from $ARGOSY_TOKEN.")
  String server;

  @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table (default), json or yaml.")
  Output output;

  @Option(names = "--ca-cert", defaultValue = "${env:ARGOSY_CA_CERT}",
      description = "PEM certificate(s) to trust for an https:// server with a private CA or a self-signed certificate"
          + " (default: $ARGOSY_CA_CERT, else the JDK's CAs).")
  Path caCert;

  ArgosyClient client() {
    if (!server.matches("https?://.+")) {
      throw new InvalidInputException("--server: must be an http:// or https:// URL, got '" + server + "'");
    }
    return new ArgosyClient(server, System.getenv(TOKEN_ENV), caCert == null ? null : Pem.trusting(caCert, "--ca-cert"));
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
