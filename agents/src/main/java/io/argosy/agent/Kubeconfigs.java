package io.argosy.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * A kubeconfig read into fabric8's client {@link Config} exactly as {@code Config.fromKubeconfig}
 * reads it (its kubeconfig model, then its own merge), but with a mapper that does not build
 * fabric8's registry of every resource kind: the model's extension fields make the default mapper
 * load and register some 900 model classes first, ~0.2-0.3 s of CPU on the critical path of a
 * launched agent's first snapshot (ColdStart builds the registry on another thread meanwhile, for
 * the discovery calls that do need it). {@code KubeconfigsTest} holds the result equal to fabric8's.
 */
final class Kubeconfigs {
  private Kubeconfigs() {}

  static Config read(String yaml) {
    var model = new KubernetesSerialization(new ObjectMapper(), false).unmarshal(yaml, io.fabric8.kubernetes.api.model.Config.class);
    Config config = Config.empty();
    KubeConfigUtils.merge(config, null, model);
    return config;
  }
}
