package io.argosy.core.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code argosy delete job NS/NAME}: cancels the job (its pods are withdrawn) and forgets it. */
@Command(name = "delete", mixinStandardHelpOptions = true,
    description = "Delete a job: a live job is cancelled and its pods withdrawn; its name may then be used again.")
public final class DeleteCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ClientOptions client;

  @Parameters(index = "0", description = "job")
  String resource;

  @Parameters(index = "1", description = "NAMESPACE/NAME")
  String name;

  @Override
  public Integer call() {
    if (!resource.equals("job") && !resource.equals("jobs")) {
      throw new InvalidInputException("unknown resource '" + resource + "'; delete job NAMESPACE/NAME");
    }
    String[] id = DescribeCommand.jobId(name);
    var j = client.client().deleteJob(id[0], id[1]);
    var out = spec.commandLine().getOut();
    if (!client.printStructured(out, j)) {
      out.println("job " + j.id() + " deleted (" + j.state() + ")");
    }
    out.flush();
    return 0;
  }
}
