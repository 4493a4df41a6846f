package io.argosy.queue.manifest;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Completes {@code metadata.generateName} as the API server does: the prefix plus five characters
 * from an alphabet without vowels (so no words form).
 */
@FunctionalInterface
public interface NameGenerator {
  String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  String generate(String prefix);

  /** Random suffixes, for production. */
  static NameGenerator random() {
    return prefix -> prefix + suffix(ThreadLocalRandom.current());
  }

  /** Repeatable suffixes from a seed, for tests. */
  static NameGenerator seeded(long seed) {
    Random r = new Random(seed);
    return prefix -> {
      synchronized (r) {
        return prefix + suffix(r);
      }
    };
  }

  private static String suffix(Random r) {
    char[] c = new char[5];
    for (int i = 0; i < c.length; i++) {
      c[i] = ALPHABET.charAt(r.nextInt(ALPHABET.length()));
    }
    return new String(c);
  }
}
