package dev.jwtfilter.demo.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HashGateTest {

    private static String work(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "done";
    }

    @Test
    void runWhenWholeCoreAllowedThenBackToBackCallsNeverWait() {
        HashGate gate = new HashGate(1.0, 8, 100);

        for (int i = 0; i < 5; i++) {
            assertThat(gate.run(() -> work(20))).isEqualTo("done");
        }
    }

    @Test
    void runWhenSmallShareThenTheNextCallFindsTheCoolDownLongerThanItMayWait() {
        HashGate gate = new HashGate(0.01, 8, 100); // 20 ms of work buys about 2 s of pause

        gate.run(() -> work(20));

        assertThatThrownBy(() -> gate.run(() -> "second")).isInstanceOf(DemoIdentityStore.HashingBusyException.class);
    }

    @Test
    void runWhenTooManyAlreadyWaitThenRefusedAtOnce() throws Exception {
        HashGate gate = new HashGate(1.0, 1, 10_000);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> holder = pool.submit(() -> gate.run(() -> {
                started.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "held";
            }));
            started.await(30, TimeUnit.SECONDS);
            Future<String> waiter = pool.submit(() -> gate.run(() -> "waited"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (gate.waiting() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // bounded: until the second caller is queued behind the first
            }

            assertThatThrownBy(() -> gate.run(() -> "third"))
                    .isInstanceOf(DemoIdentityStore.HashingBusyException.class);
            release.countDown();
            assertThat(holder.get(30, TimeUnit.SECONDS)).isEqualTo("held");
            assertThat(waiter.get(30, TimeUnit.SECONDS)).isEqualTo("waited");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
