package io.argosy.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the agent runs: in the control plane with the member's kubeconfig, or in the member cluster. */
public enum AgentMode {
  @JsonProperty("push")
  PUSH,
  @JsonProperty("pull")
  PULL
}
