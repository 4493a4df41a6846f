package io.argosy.core.view;

/** One state change: {@code from} is null for the submission; {@code at} is ISO-8601 UTC. */
public record TransitionView(String from, String to, String reason, String at) {}
