package io.argosy.agent.sim;

/**
 * How a simulated cluster behaves.
 *
 * @param timeScale multiplies every simulated duration (pod runtime, start delay): 1.0 is real
 *     time, 0.01 makes a 10-second pod finish in 100 ms
 * @param startMillis how long the kubelet takes to start a bound pod, before scaling
 * @param defaultRuntimeSeconds a pod's runtime when neither it nor its job says
 *     ({@link SimulatedKubelet#RUNTIME_ANNOTATION})
 */
public record SimOptions(double timeScale, long startMillis, double defaultRuntimeSeconds) {
  public static final SimOptions DEFAULT = new SimOptions(1.0, 500, 10);

  public SimOptions {
    if (!(timeScale > 0)) {
      throw new IllegalArgumentException("timeScale must be positive, got " + timeScale);
    }
  }

  public SimOptions withTimeScale(double scale) {
    return new SimOptions(scale, startMillis, defaultRuntimeSeconds);
  }

  long scaled(double millis) {
    return Math.max(0, Math.round(millis * timeScale));
  }
}
