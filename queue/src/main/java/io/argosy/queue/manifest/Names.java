package io.argosy.queue.manifest;

import io.argosy.gpu.InvalidSpecException;
import java.util.regex.Pattern;

/** Kubernetes name rules, with the API server's wording. */
final class Names {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private Names() {}

  /** An RFC 1123 label (Volcano task names): at most 63 characters. */
  static void label(String name, String field) {
    if (name.length() > 63) {
      throw new InvalidSpecException(field, "must be no more than 63 characters");
    }
    if (!LABEL.matcher(name).matches()) {
      throw new InvalidSpecException(field, "a lowercase RFC 1123 label must consist of lower case alphanumeric "
          + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc'), got '"
          + name + "'");
    }
  }

  /**
   * An object name. Not held to RFC 1123: HAMi's published Iluvatar examples name pods in upper
   * case and Argosy accepts every published example. Only what would break a namespace/name
   * identity is refused: '/', whitespace, and names longer than {@code max}.
   */
  static void objectName(String name, String field, int max) {
    if (name.length() > max) {
      throw new InvalidSpecException(field, "must be no more than " + max + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || Character.isWhitespace(c)) {
        throw new InvalidSpecException(field, "must not contain '/' or whitespace, got '" + name + "'");
      }
      // control characters, bidi overrides and look-alike letters would make names that print one
      // way and mean another; every Kubernetes name is ASCII
      if (c < 0x21 || c > 0x7e) {
        throw new InvalidSpecException(field, "must be printable ASCII (letters, digits, '-', '.'), got character U+"
            + String.format("%04X", (int) c) + " at position " + i);
      }
    }
  }
}
