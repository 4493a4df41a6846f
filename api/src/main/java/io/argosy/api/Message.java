package io.argosy.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One frame of the agent protocol. On the wire every message is a JSON object whose {@code type}
 * property names the record (the envelope), e.g. {@code {"type":"Heartbeat","cluster":"a",...}}.
 * Agent to core: Hello, ClusterSnapshot, ClusterDelta, Heartbeat, BindingResult, StatusEvent,
 * WithdrawResult, ServiceApplyResult, MetricsReport. Core to agent: Binding, Withdraw, ResyncRequest,
 * ServiceApply, ServiceRemove. See api/README.md.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Hello.class, name = "Hello"),
  @JsonSubTypes.Type(value = ClusterSnapshot.class, name = "ClusterSnapshot"),
  @JsonSubTypes.Type(value = ClusterDelta.class, name = "ClusterDelta"),
  @JsonSubTypes.Type(value = Heartbeat.class, name = "Heartbeat"),
  @JsonSubTypes.Type(value = Binding.class, name = "Binding"),
  @JsonSubTypes.Type(value = BindingResult.class, name = "BindingResult"),
  @JsonSubTypes.Type(value = StatusEvent.class, name = "StatusEvent"),
  @JsonSubTypes.Type(value = Withdraw.class, name = "Withdraw"),
  @JsonSubTypes.Type(value = WithdrawResult.class, name = "WithdrawResult"),
  @JsonSubTypes.Type(value = ResyncRequest.class, name = "ResyncRequest"),
  @JsonSubTypes.Type(value = ServiceApply.class, name = "ServiceApply"),
  @JsonSubTypes.Type(value = ServiceRemove.class, name = "ServiceRemove"),
  @JsonSubTypes.Type(value = ServiceApplyResult.class, name = "ServiceApplyResult"),
  @JsonSubTypes.Type(value = MetricsReport.class, name = "MetricsReport")
})
public sealed interface Message
    permits Hello,
        ClusterSnapshot,
        ClusterDelta,
        Heartbeat,
        Binding,
        BindingResult,
        StatusEvent,
        Withdraw,
        WithdrawResult,
        ResyncRequest,
        ServiceApply,
        ServiceRemove,
        ServiceApplyResult,
        MetricsReport {

  /** The member cluster this message concerns. */
  String cluster();
}
