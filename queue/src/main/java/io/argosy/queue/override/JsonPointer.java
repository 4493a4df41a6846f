package io.argosy.queue.override;

import java.util.ArrayList;
import java.util.List;

/** RFC 6901 JSON pointers, as JSON patch paths use them. */
public final class JsonPointer {
  private JsonPointer() {}

  /** Why the text is not a JSON pointer, or null when it is one. */
  public static String invalid(String path) {
    if (path == null || path.isEmpty()) {
      return "must not be empty";
    }
    if (path.charAt(0) != '/') {
      return "must start with '/' (a JSON pointer such as /spec/template/spec/containers/0/image)";
    }
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '~' && (i + 1 == path.length() || (path.charAt(i + 1) != '0' && path.charAt(i + 1) != '1'))) {
        return "'~' must be followed by 0 or 1 in a JSON pointer";
      }
    }
    return null;
  }

  static List<String> tokens(String path) {
    List<String> out = new ArrayList<>();
    for (String raw : path.substring(1).split("/", -1)) {
      out.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }
}
