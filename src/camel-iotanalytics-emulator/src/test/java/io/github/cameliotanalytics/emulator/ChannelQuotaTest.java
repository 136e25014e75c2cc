package io.github.cameliotanalytics.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The token buckets of the channel quota, on a fake clock. */
class ChannelQuotaTest {

    private final AtomicLong nanoTime = new AtomicLong(1_000_000_000L);

    @Test
    void aBucketStartsFullWithOneSecondsWorth() {
        TokenBucket bucket = new TokenBucket(1000, nanoTime::get);

        assertThat(bucket.tryTake(600)).isTrue();
        assertThat(bucket.tryTake(400)).isTrue();
        assertThat(bucket.tryTake(1)).isFalse();
    }

    @Test
    void aTakeThatDoesNotFitTakesNothing() {
        TokenBucket bucket = new TokenBucket(100, nanoTime::get);
        assertThat(bucket.tryTake(60)).isTrue();

        assertThat(bucket.tryTake(41)).isFalse();
        assertThat(bucket.tryTake(40)).isTrue();
    }

    @Test
    void itRefillsContinuouslyAtTheRate() {
        TokenBucket bucket = new TokenBucket(1000, nanoTime::get);
        assertThat(bucket.tryTake(1000)).isTrue();

        advance(10);
        assertThat(bucket.tryTake(11)).isFalse();
        assertThat(bucket.tryTake(10)).isTrue();
        assertThat(bucket.tryTake(1)).isFalse();
        advance(1);
        assertThat(bucket.tryTake(1)).isTrue();
    }

    @Test
    void itHoldsNoMoreThanOneSecondsWorthAfterAnIdleTime() {
        TokenBucket bucket = new TokenBucket(500, nanoTime::get);
        assertThat(bucket.tryTake(500)).isTrue();

        advance(60_000);

        assertThat(bucket.tryTake(501)).isFalse();
        assertThat(bucket.tryTake(500)).isTrue();
    }

    @Test
    void aCallLargerThanTheCapacityNeverFits() {
        TokenBucket bucket = new TokenBucket(50, nanoTime::get);
        advance(10_000);

        assertThat(bucket.tryTake(100)).isFalse();
    }

    @Test
    void eachChannelHasItsOwnBucket() {
        ChannelQuota quota = new ChannelQuota(100, nanoTime::get);

        assertThat(quota.tryAcquire("a", 100)).isTrue();
        assertThat(quota.tryAcquire("a", 1)).isFalse();
        assertThat(quota.tryAcquire("b", 100)).isTrue();
    }

    @Test
    void resetFillsEveryBucketAgain() {
        ChannelQuota quota = new ChannelQuota(100, nanoTime::get);
        assertThat(quota.tryAcquire("a", 100)).isTrue();

        quota.reset();

        assertThat(quota.tryAcquire("a", 100)).isTrue();
    }

    @Test
    void aQuotaOfZeroIsNoQuota() {
        ChannelQuota quota = new ChannelQuota(0, nanoTime::get);

        for (int call = 0; call < 1000; call++) {
            assertThat(quota.tryAcquire("a", 100)).isTrue();
        }
    }

    private void advance(long millis) {
        nanoTime.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
