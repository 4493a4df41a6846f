package io.argosy.queue.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class IntakeTest {

  record Item(int producer, int seq) {}

  @Test
  void fourProducersHandOverEverythingOnceAndInEachProducersOrder() throws Exception {
    Intake<Item> intake = Intake.unbounded();
    int perProducer = 50_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> producers = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      int id = p;
      Thread t = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int i = 0; i < perProducer; i++) {
          intake.offer(new Item(id, i));
        }
      });
      t.start();
      producers.add(t);
    }
    start.countDown();
    int[] next = new int[4];
    int received = 0;
    while (received < 4 * perProducer) {
      received += intake.drain(item -> {
        assertThat(item.seq()).isEqualTo(next[item.producer()]);
        next[item.producer()]++;
      }, 1024);
    }
    for (Thread t : producers) {
      t.join();
    }
    assertThat(next).containsExactly(perProducer, perProducer, perProducer, perProducer);
    assertThat(intake.isEmpty()).isTrue();
  }

  @Test
  void aBoundedIntakeRefusesWhenFullSoTheApiCanPushBack() {
    Intake<Integer> intake = Intake.bounded(4);
    for (int i = 0; i < 4; i++) {
      assertThat(intake.offer(i)).isTrue();
    }
    assertThat(intake.offer(99)).isFalse();
    List<Integer> out = new ArrayList<>();
    assertThat(intake.drain(out::add, 2)).isEqualTo(2);
    assertThat(out).containsExactly(0, 1);
    assertThat(intake.offer(4)).isTrue();
    intake.drain(out::add, 100);
    assertThat(out).containsExactly(0, 1, 2, 3, 4);
    assertThat(intake.capacity()).isEqualTo(4);
  }

  @Test
  void nullsAreRefused() {
    assertThatThrownBy(() -> Intake.unbounded().offer(null)).isInstanceOf(NullPointerException.class);
  }
}
