package io.argosy.agent.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every member cluster of a fleet file, simulated in this process. */
public final class SimulatedFleet implements AutoCloseable {
  private final FleetSpec spec;
  private final Map<String, SimulatedCluster> clusters;
  private final LoadProfile load;

  private SimulatedFleet(FleetSpec spec, Map<String, SimulatedCluster> clusters, LoadProfile load) {
    this.spec = spec;
    this.clusters = clusters;
    this.load = load;
  }

  /** The services' load, shared by every cluster's simulated metrics server. */
  public LoadProfile load() {
    return load;
  }

  public static SimulatedFleet start(Path fleetFile, SimOptions options) {
    return start(FleetFile.read(fleetFile), options);
  }

  public static SimulatedFleet start(FleetSpec spec, SimOptions options) {
    Map<String, SimulatedCluster> started = new LinkedHashMap<>();
    LoadProfile load = new LoadProfile();
    try {
      for (ClusterSpec c : spec.clusters()) {
        started.put(c.name(), SimulatedCluster.start(c, options, load));
      }
    } catch (RuntimeException e) {
      started.values().forEach(SimulatedCluster::close);
      throw e;
    }
    return new SimulatedFleet(spec, started, load);
  }

  public FleetSpec spec() {
    return spec;
  }

  public List<SimulatedCluster> clusters() {
    return new ArrayList<>(clusters.values());
  }

  public SimulatedCluster cluster(String name) {
    SimulatedCluster c = clusters.get(name);
    if (c == null) {
      throw new IllegalArgumentException("no simulated cluster '" + name + "'; have " + clusters.keySet());
    }
    return c;
  }

  @Override
  public void close() {
    clusters.values().forEach(SimulatedCluster::close);
  }
}
