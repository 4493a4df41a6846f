package io.argosy.queue.override;

/**
 * An image reference split as Karmada's imageOverrider sees it: {@code [registry/]repository[:tag][@digest]}.
 * The first path segment is a registry only when it looks like a host (has a dot or a port, or is
 * {@code localhost}), as Docker decides.
 */
record ImageReference(String registry, String repository, String tag, String digest) {

  static ImageReference parse(String image) {
    String rest = image;
    String digest = "";
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at);
      rest = rest.substring(0, at);
    }
    String registry = "";
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = first;
        rest = rest.substring(slash + 1);
      }
    }
    String tag = "";
    int colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    return new ImageReference(registry, rest, tag, digest);
  }

  ImageReference with(Overriders.Component c, String value) {
    return switch (c) {
      case Registry -> new ImageReference(value, repository, tag, digest);
      case Repository -> new ImageReference(registry, value, tag, digest);
      case Tag -> new ImageReference(registry, repository, value, digest);
    };
  }

  String get(Overriders.Component c) {
    return switch (c) {
      case Registry -> registry;
      case Repository -> repository;
      case Tag -> tag;
    };
  }

  @Override
  public String toString() {
    return (registry.isEmpty() ? "" : registry + "/") + repository + (tag.isEmpty() ? "" : ":" + tag) + digest;
  }
}
