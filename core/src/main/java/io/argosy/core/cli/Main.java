package io.argosy.core.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code argosy} command line. Every verb is a picocli subcommand registered here; the verbs and
 * their JSON output are a stable interface (see core/README.md).
 */
@Command(
    name = "argosy",
    mixinStandardHelpOptions = true,
    version = "argosy 0.1.0",
    description = "Multi-cluster batch scheduler for Kubernetes fleets with heterogeneous accelerators.",
    subcommands = {
      CommandLine.HelpCommand.class,
      DemoCommand.class,
      ServerCommand.class,
      AgentCommand.class,
      SubmitCommand.class,
      GetCommand.class,
      DescribeCommand.class,
      DeleteCommand.class,
      QuotaCommand.class,
      CapacityCommand.class,
      ClusterCommand.class,
      ExplainCommand.class,
      BenchCommand.class,
      SimulateCommand.class,
      TokenCommand.class,
      AuditCommand.class,
      FhpaCommand.class
    })
public final class Main implements Runnable {

  /** Exit code for invalid input: the CLI contract says 2 with a one-line message. */
  public static final int EXIT_INVALID = 2;

  /** Exit code when the server is unreachable, answers 5xx, or the demo's jobs do not all succeed. */
  public static final int EXIT_FAILED = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Builds the command line with every verb; tests call this to run verbs in-process. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(new InvalidInputHandler());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(InvalidInputHandler::onParameterError);
    return cl;
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("agent")) {
      AgentMain.main(java.util.Arrays.copyOfRange(args, 1, args.length)); // a lean JVM for a pull agent
    }
    System.exit(commandLine().execute(args));
  }
}
