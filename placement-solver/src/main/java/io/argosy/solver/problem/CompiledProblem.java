package io.argosy.solver.problem;

import io.argosy.solver.model.PlacementProblem;
import io.argosy.solver.packing.FragmentationMeasure;
import java.util.List;

/** A validated problem with every gang and cluster compiled for packing. */
public record CompiledProblem(
    PlacementProblem source,
    List<CompiledGang> gangs,
    List<CompiledCluster> clusters,
    List<CompiledQueue> queues,
    List<CompiledJob> jobs,
    FragmentationMeasure measure) {

  public CompiledProblem {
    gangs = List.copyOf(gangs);
    clusters = List.copyOf(clusters);
    queues = List.copyOf(queues);
    jobs = List.copyOf(jobs);
  }
}
