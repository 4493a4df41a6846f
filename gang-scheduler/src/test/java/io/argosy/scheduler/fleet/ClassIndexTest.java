package io.argosy.scheduler.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassIndexTest {

  /** Random puts and removes over a small key space (long probe runs, wrap-around) agree with a HashMap. */
  @Test
  void behavesLikeAMap() {
    Random r = new Random(11);
    for (int round = 0; round < 20; round++) {
      ClassIndex index = new ClassIndex();
      Map<Long, NodeClass> model = new HashMap<>();
      long[] keys = new long[40 + r.nextInt(200)];
      for (int i = 0; i < keys.length; i++) {
        // few distinct low bits: many keys share a home slot
        keys[i] = r.nextBoolean() ? r.nextLong() : ((long) r.nextInt(8) << 32) | r.nextInt(8);
      }
      for (int op = 0; op < 5_000; op++) {
        long k = keys[r.nextInt(keys.length)];
        if (r.nextInt(3) == 0) {
          index.remove(k);
          model.remove(k);
        } else {
          NodeClass v = new NodeClass(0, k);
          index.put(k, v);
          model.put(k, v);
        }
        long probe = keys[r.nextInt(keys.length)];
        assertThat(index.get(probe)).isSameAs(model.get(probe));
        assertThat(index.size()).isEqualTo(model.size());
      }
      for (long k : keys) {
        assertThat(index.get(k)).isSameAs(model.get(k));
      }
    }
  }
}
