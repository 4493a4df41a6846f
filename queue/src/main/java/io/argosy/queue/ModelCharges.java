package io.argosy.queue;

import io.argosy.gpu.catalog.Vendor;
import io.argosy.gpu.demand.AcceleratorDemand;
import io.argosy.gpu.demand.ContainerDemand;
import io.argosy.gpu.demand.DemandKind;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.Task;
import io.argosy.queue.quota.ResourceKeys;
import io.argosy.queue.quota.ResourceVector;

/**
 * Model-qualified charges ({@code nvidia.com/gpu[H100]}). A job's usage per accelerator model is
 * known for sure only once its pods are placed on devices, so quota is charged at two points:
 *
 * <ol>
 *   <li>admission charges the unqualified keys, plus qualified keys when the demand already names
 *       exactly one model (a model in the resource name, such as {@code huawei.com/Ascend910B3}, or
 *       a single {@code nvidia.com/use-gputype});
 *   <li>binding replaces the qualified part with the models of the devices actually placed on,
 *       built with {@link #forBinding(Job)}.
 * </ol>
 */
public final class ModelCharges {
  private ModelCharges() {}

  /**
   * The one accelerator model a pod is restricted to, or null: the model implied by its
   * accelerator resource names when they all agree, else the single entry of its
   * {@code use-gputype} annotation.
   */
  public static String singleModel(PodDemand pod) {
    String model = null;
    boolean accelerators = false;
    boolean conflicting = false;
    Vendor vendor = null;
    for (ContainerDemand c : pod.containers()) {
      for (AcceleratorDemand a : c.accelerators()) {
        if (a.kind() == DemandKind.COUNTABLE) {
          continue;
        }
        accelerators = true;
        vendor = a.vendor();
        if (a.model() != null) {
          if (model != null && !model.equalsIgnoreCase(a.model())) {
            conflicting = true;
          }
          model = a.model();
        }
      }
    }
    if (!accelerators || conflicting) {
      return null;
    }
    if (model != null) {
      return model;
    }
    if (pod.selector().useTypes().size() == 1 && pod.selector().appliesTo(vendor)) {
      String t = pod.selector().useTypes().get(0).trim();
      return t.isEmpty() ? null : t;
    }
    return null;
  }

  /** The accelerator keys of a resource vector (vendor domains, not cpu/memory/countables) qualified by model. */
  public static ResourceVector qualify(ResourceVector resources, String model) {
    ResourceVector.Builder b = ResourceVector.builder();
    for (int i = 0; i < resources.size(); i++) {
      String key = resources.keyAt(i);
      if (!ResourceKeys.isQualified(resources.idAt(i)) && Vendor.ofResource(key) != Vendor.OTHER) {
        b.add(ResourceKeys.qualify(key, model), resources.amountAt(i));
      }
    }
    return b.build();
  }

  /** The qualified keys charged at admission for {@code pods} pods of a task (empty when no single model). */
  static ResourceVector atAdmission(Task task, int pods) {
    String model = singleModel(task.pod());
    return model == null || pods == 0 ? ResourceVector.EMPTY : qualify(task.podResources(), model).times(pods);
  }

  /** Starts the binding charge of a job: add the pods placed per task and device model. */
  public static BindingCharge forBinding(Job job) {
    return new BindingCharge(job);
  }

  /** Accumulates the model-qualified charge of a placement. */
  public static final class BindingCharge {
    private final Job job;
    private ResourceVector sum = ResourceVector.EMPTY;

    private BindingCharge(Job job) {
      this.job = job;
    }

    /** {@code pods} pods of {@code task} were placed on devices of {@code model}. */
    public BindingCharge add(String task, String model, int pods) {
      sum = sum.plus(qualify(job.task(task).podResources(), model).times(pods));
      return this;
    }

    public ResourceVector build() {
      return sum;
    }
  }
}
