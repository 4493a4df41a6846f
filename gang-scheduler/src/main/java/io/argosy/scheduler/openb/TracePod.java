package io.argosy.scheduler.openb;

/** One row of an openb pod list: the pod's name and what it asks for. */
public record TracePod(String name, TaskDemand demand) {}
