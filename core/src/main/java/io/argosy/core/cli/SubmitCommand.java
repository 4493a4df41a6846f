package io.argosy.core.cli;

import io.argosy.core.view.SubmitResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code argosy submit -f FILE}: sends manifests (multi-document YAML or JSON) to the control
 * plane. Several files and directories (their {@code .yaml}/{@code .yml}/{@code .json} files in
 * name order) go in one request, so a queue defined in one file can be used by jobs in another.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = "Submit Volcano Jobs, batch Jobs, Pods, Queues, PriorityClasses and PropagationPolicies.")
public final class SubmitCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ClientOptions client;

  @Option(names = {"-f", "--filename"}, required = true,
      description = "File or directory of manifests, or - for standard input (repeatable).")
  List<String> files = new ArrayList<>();

  @Override
  public Integer call() {
    StringBuilder body = new StringBuilder();
    for (Path p : expand(files)) {
      append(body, read(p), p.toString());
    }
    if (files.contains("-")) {
      try {
        InputStream in = System.in;
        append(body, new String(in.readAllBytes(), StandardCharsets.UTF_8), "standard input");
      } catch (IOException e) {
        throw new InvalidInputException("-f -: cannot read standard input: " + e.getMessage());
      }
    }
    SubmitResult r = client.client().submit(body.toString());
    var out = spec.commandLine().getOut();
    if (!client.printStructured(out, r)) {
      Table t = new Table("KIND", "NAME", "RESULT", "UID");
      for (SubmitResult.ObjectResult o : r.objects()) {
        t.row(o.kind(), o.namespace() == null ? o.name() : o.namespace() + "/" + o.name(), o.result(), o.uid());
      }
      out.print(t.render());
    }
    out.flush();
    return 0;
  }

  private static void append(StringBuilder body, String text, String from) {
    if (text.isBlank()) {
      return;
    }
    if (body.length() > 0) {
      body.append("\n---\n");
    }
    body.append(text);
  }

  static List<Path> expand(List<String> names) {
    List<Path> out = new ArrayList<>();
    for (String n : names) {
      if (n.equals("-")) {
        continue;
      }
      Path p = Path.of(n);
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(f -> f.toString().matches(".*\\.(ya?ml|json)$")).sorted().forEach(out::add);
        } catch (IOException e) {
          throw new InvalidInputException("-f " + n + ": cannot list the directory: " + e.getMessage());
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new InvalidInputException("-f " + n + ": no such file or directory");
      }
    }
    return out;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new InvalidInputException("-f " + p + ": cannot read: " + e.getMessage());
    }
  }
}
