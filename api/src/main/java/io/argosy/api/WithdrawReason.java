package io.argosy.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why the core takes a job away from a cluster. */
public enum WithdrawReason {
  @JsonProperty("cancel")
  CANCEL,
  @JsonProperty("preempt")
  PREEMPT,
  @JsonProperty("moved")
  MOVED,
  /** The job finished and its {@code ttlSecondsAfterFinished} passed: its objects are cleaned up. */
  @JsonProperty("finished")
  FINISHED
}
