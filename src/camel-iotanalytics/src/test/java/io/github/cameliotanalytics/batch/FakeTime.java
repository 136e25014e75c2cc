package io.github.cameliotanalytics.batch;

import java.util.concurrent.TimeUnit;

/** A clock that moves only when told to. */
final class FakeTime implements Time {

    private volatile long now;

    FakeTime(long start) {
        this.now = start;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    void advanceMillis(long millis) {
        now += TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
