package io.argosy.core.cli;

import picocli.CommandLine;

/**
 * {@code argosy agent} on its own: a command line holding only {@link AgentCommand}. A pull agent is
 * a fresh JVM whose first snapshot is due within 2 s of its launch; building the whole CLI (every
 * verb's options, and the classes they pull in) costs a few hundred milliseconds of that, so
 * {@link Main} hands {@code agent} here and the launcher starts this class directly.
 */
public final class AgentMain {
  private AgentMain() {}

  /** The agent's command line, with the same error handling (one line, exit code 2) as the full CLI. */
  static CommandLine commandLine(AgentCommand command) {
    CommandLine cl = new CommandLine(command);
    cl.setCommandName("argosy agent");
    cl.setExecutionExceptionHandler(new InvalidInputHandler());
    cl.setParameterExceptionHandler(InvalidInputHandler::onParameterError);
    return cl;
  }

  /** {@code args} are the agent's options, without the {@code agent} verb. */
  public static void main(String[] args) {
    // SLF4J (Vert.x, fabric8) initialised here, once: a first use from several start-up threads at
    // once makes it print a warning about replayed logging calls
    org.slf4j.LoggerFactory.getILoggerFactory();
    io.argosy.agent.ClusterAgent.prepareFreshJvm(); // on other threads, while the options are read
    AgentCommand plain = AgentArgs.parse(args);
    System.exit(plain != null ? run(plain) : commandLine(new AgentCommand()).execute(args));
  }

  /** Runs a command read by {@link AgentArgs}, failing as picocli's handlers would (one line, exit code 2). */
  static int run(AgentCommand command) {
    try {
      return command.call();
    } catch (InvalidInputException | io.argosy.gpu.InvalidSpecException e) {
      System.err.println("agent: " + InvalidInputHandler.oneLine(e.getMessage()));
      return Main.EXIT_INVALID;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Main.EXIT_FAILED;
    } catch (RuntimeException e) {
      e.printStackTrace(); // a bug, as under picocli: its trace and exit code 1
      return Main.EXIT_FAILED;
    }
  }
}
