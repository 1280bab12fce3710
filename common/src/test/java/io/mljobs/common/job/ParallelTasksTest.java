package io.mljobs.common.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParallelTasksTest {

  @Test
  void resultsComeBackInTaskOrderWhateverOrderTheyFinishIn() {
    // The first task finishes only after all the others have.
    CountDownLatch othersDone = new CountDownLatch(4);
    List<Callable<Integer>> tasks = new ArrayList<>();
    tasks.add(() -> othersDone.await(10, TimeUnit.SECONDS) ? 0 : -1);
    for (int i = 1; i < 5; i++) {
      int n = i;
      tasks.add(
          () -> {
            othersDone.countDown();
            return n;
          });
    }
    List<Integer> values =
        ParallelTasks.valuesOrFirstFailure(ParallelTasks.runAll("test", 5, tasks));
    assertEquals(List.of(0, 1, 2, 3, 4), values);
  }

  @Test
  void tasksReallyRunAtTheSameTimeUpToTheParallelism() throws Exception {
    // Two tasks that each wait for the other can only finish when they run at once.
    CountDownLatch bothStarted = new CountDownLatch(2);
    Callable<Boolean> meet =
        () -> {
          bothStarted.countDown();
          return bothStarted.await(10, TimeUnit.SECONDS);
        };
    assertEquals(
        List.of(true, true),
        ParallelTasks.valuesOrFirstFailure(ParallelTasks.runAll("test", 2, List.of(meet, meet))));

    // Tasks meet in pairs: with a parallelism of 2 each pair runs together; a third task running
    // at the same time would be counted.
    CyclicBarrier pairs = new CyclicBarrier(2);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Callable<Integer> tracked =
        () -> {
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          pairs.await(10, TimeUnit.SECONDS);
          running.decrementAndGet();
          return 1;
        };
    List<ParallelTasks.Outcome<Integer>> outcomes =
        ParallelTasks.runAll("test", 2, List.of(tracked, tracked, tracked, tracked));
    assertEquals(List.of(1, 1, 1, 1), ParallelTasks.valuesOrFirstFailure(outcomes));
    assertEquals(2, most.get(), "two at once, never more");
  }

  @Test
  void aFailureDoesNotStopTheOtherTasksAndTheFirstIsRethrownWithTheOthersAttached() {
    AtomicInteger completed = new AtomicInteger();
    IllegalStateException first = new IllegalStateException("source a failed");
    IllegalArgumentException second = new IllegalArgumentException("source c failed");
    // The healthy task finishes only after both others have failed.
    CountDownLatch bothFailed = new CountDownLatch(2);
    List<Callable<Integer>> tasks =
        List.of(
            () -> {
              bothFailed.countDown();
              throw first;
            },
            () -> {
              bothFailed.await(10, TimeUnit.SECONDS);
              return completed.incrementAndGet();
            },
            () -> {
              bothFailed.countDown();
              throw second;
            });
    List<ParallelTasks.Outcome<Integer>> outcomes = ParallelTasks.runAll("test", 3, tasks);
    assertEquals(1, completed.get(), "the healthy task ran to the end");
    assertTrue(outcomes.get(0).failed());
    assertFalse(outcomes.get(1).failed());
    RuntimeException thrown =
        assertThrows(RuntimeException.class, () -> ParallelTasks.valuesOrFirstFailure(outcomes));
    assertSame(first, thrown);
    assertEquals(List.of(second), List.of(thrown.getSuppressed()));
  }

  @Test
  void checkedExceptionsAreWrappedWithTheirMessage() {
    List<ParallelTasks.Outcome<Object>> outcomes =
        ParallelTasks.runAll(
            "test",
            1,
            List.of(
                () -> {
                  throw new java.io.IOException("disk gone");
                }));
    assertEquals("disk gone", outcomes.get(0).failure().getMessage());
  }

  @Test
  void aParallelismBelowOneIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> ParallelTasks.runAll("test", 0, List.of(() -> 1)));
  }
}
