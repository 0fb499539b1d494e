package dev.jwtfilter.demo.users;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Bounds the CPU that slow password hashing may take, so that a login flood cannot starve the API: one
 * hash at a time, and after each one a pause long enough that hashing uses at most {@code cpuShare} of one
 * core ({@code 0.25}: a 200 ms hash is followed by 600 ms without hashing). A caller waits at most
 * {@code maxWait} for its turn, and at most {@code maxWaiting} callers wait at once, so a flood holds few
 * server threads; the others are refused at once with {@link DemoIdentityStore.HashingBusyException}.
 * Thread safe.
 */
final class HashGate {
    private final double cpuShare;
    private final int maxWaiting;
    private final long maxWaitNanos;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition turn = lock.newCondition();
    private boolean hashing;
    private long nextStartNanos = System.nanoTime();
    private int waiting;

    HashGate(double cpuShare, int maxWaiting, long maxWaitMillis) {
        if (!(cpuShare > 0 && cpuShare <= 1)) {
            throw new IllegalArgumentException("The hashing CPU share must be above 0 and at most 1");
        }
        this.cpuShare = cpuShare;
        this.maxWaiting = maxWaiting;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
    }

    <T> T run(Supplier<T> work) {
        enter();
        long started = System.nanoTime();
        try {
            return work.get();
        } finally {
            leave(System.nanoTime() - started);
        }
    }

    /** @return how many callers wait for their turn now */
    int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    private void enter() {
        lock.lock();
        try {
            if (waiting >= maxWaiting) {
                throw new DemoIdentityStore.HashingBusyException();
            }
            waiting++;
            try {
                long deadline = System.nanoTime() + maxWaitNanos;
                while (true) {
                    long now = System.nanoTime();
                    if (!hashing && now - nextStartNanos >= 0) {
                        hashing = true;
                        return;
                    }
                    long left = deadline - now;
                    if (left <= 0) {
                        throw new DemoIdentityStore.HashingBusyException();
                    }
                    turn.awaitNanos(hashing ? left : Math.min(left, nextStartNanos - now));
                }
            } finally {
                waiting--;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoIdentityStore.HashingBusyException();
        } finally {
            lock.unlock();
        }
    }

    private void leave(long tookNanos) {
        lock.lock();
        try {
            hashing = false;
            nextStartNanos = System.nanoTime() + (long) (tookNanos * (1 - cpuShare) / cpuShare);
            turn.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
