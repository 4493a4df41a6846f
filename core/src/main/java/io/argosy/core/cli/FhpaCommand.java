package io.argosy.core.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code argosy fhpa ...}: FederatedHPA tools. */
@Command(
    name = "fhpa",
    mixinStandardHelpOptions = true,
    description = "FederatedHPA tools.",
    subcommands = {FhpaSimulateCommand.class})
public final class FhpaCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
