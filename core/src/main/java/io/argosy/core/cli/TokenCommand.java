package io.argosy.core.cli;

import io.argosy.core.security.Role;
import io.argosy.core.security.TokenEntry;
import io.argosy.core.security.Tokens;
import io.argosy.core.security.TokensFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code argosy token create|hash}: make API tokens and the tokens-file entries that admit them. Offline. */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Create API tokens and their tokens-file entries (the server stores only SHA-256 hashes).",
    subcommands = {TokenCommand.Create.class, TokenCommand.Hash.class})
public final class TokenCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Prints a new random token once, and the entry to append to the tokens file. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Print a new random token (shown once: store it as a secret) and its tokens-file entry.")
  static final class Create implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--name", required = true, description = "Who holds it (shown in the audit log).")
    String name;

    @Option(names = "--role", required = true, description = "admin, submitter, viewer or agent.")
    String role;

    @Option(names = "--queue", description = "Submitter only: a queue it may use (repeatable).")
    List<String> queues = new ArrayList<>();

    @Option(names = "--cluster", description = "Agent only: the member cluster it speaks for.")
    String cluster;

    @Override
    public Integer call() {
      Role r = Role.parse(role);
      if (r == null) {
        throw new InvalidInputException("--role: must be admin, submitter, viewer or agent, got '" + role + "'");
      }
      String token = Tokens.generate();
      TokenEntry e = new TokenEntry(name, r, queues, cluster, Tokens.sha256Hex(token));
      // the file's own validation: the same rules whether an entry is typed or generated
      TokensFile.parse("tokens:\n" + TokensFile.entryYaml(e));
      var out = spec.commandLine().getOut();
      out.println("token: " + token);
      out.println("# shown once; the server keeps only its hash. Add this entry under 'tokens:' in the file passed to"
          + " 'argosy server --tokens':");
      out.print(TokensFile.entryYaml(e));
      out.flush();
      return 0;
    }
  }

  /** Hashes a token read from stdin (one line), for entries made by hand or rotated secrets. */
  @Command(name = "hash", mixinStandardHelpOptions = true,
      description = "Read a token on stdin and print its SHA-256 as the tokens file stores it.")
  static final class Hash implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isBlank()) {
        throw new InvalidInputException("stdin: expected the token on one line");
      }
      spec.commandLine().getOut().println(Tokens.sha256Hex(line.strip()));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
