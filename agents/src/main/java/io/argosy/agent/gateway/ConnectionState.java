package io.argosy.agent.gateway;

import io.argosy.api.Hello;
import java.time.Instant;

/**
 * One cluster's agent connection as the gateway sees it.
 *
 * @param cluster the cluster
 * @param hello what the agent said when it connected
 * @param connectedAt when the Hello arrived
 * @param lastSeen when the last message arrived
 * @param remoteAddress the agent's address
 */
public record ConnectionState(String cluster, Hello hello, Instant connectedAt, Instant lastSeen, String remoteAddress) {}
