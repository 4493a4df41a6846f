package io.argosy.fhpa.cron;

import java.time.Instant;
import java.util.List;

/** CronFederatedHPA {@code status.executionHistories[]}: one rule's next run and its recent runs, newest first. */
public record ExecutionHistory(String ruleName, Instant nextExecutionTime, List<Success> successExecutionRecords,
    List<Failure> failedExecutionRecords) {

  public ExecutionHistory {
    successExecutionRecords = List.copyOf(successExecutionRecords);
    failedExecutionRecords = List.copyOf(failedExecutionRecords);
  }

  /** {@code appliedReplicas} for a workload target, {@code appliedMinReplicas}/{@code appliedMaxReplicas} for a FederatedHPA. */
  public record Success(Instant scheduleTime, Instant executionTime, Integer appliedReplicas, Integer appliedMinReplicas,
      Integer appliedMaxReplicas) {}

  public record Failure(Instant scheduleTime, Instant executionTime, String message) {}
}
