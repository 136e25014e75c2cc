package io.github.cameliotanalytics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.cameliotanalytics.spool.SpoolRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderedLanesTest {

    private final AtomicInteger readyCalls = new AtomicInteger();
    private final OrderedLanes lanes = new OrderedLanes(3, readyCalls::incrementAndGet);
    private long sequence;

    private SpoolRecord record(String key) {
        long seq = sequence++;
        return new SpoolRecord(seq, 0, "ch", "m" + seq, key, new byte[0]);
    }

    private static List<Long> sequences(List<OrderedLanes.Taken> taken) {
        List<Long> sequences = new ArrayList<>();
        taken.forEach(t -> t.records().forEach(r -> sequences.add(r.sequence())));
        return sequences;
    }

    @Test
    void aKeysNextGroupWaitsUntilEveryMessageOfItsLastGroupHasItsOutcome() {
        lanes.add(List.of(record("a"), record("a"), record("a"), record("a"), record("b")));

        List<OrderedLanes.Taken> first = lanes.take(100);
        assertThat(sequences(first)).containsExactly(0L, 1L, 2L, 4L);
        assertThat(lanes.take(100)).isEmpty();
        assertThat(lanes.anyReady()).isFalse();

        OrderedLanes.Taken a = first.get(0);
        a.group().resolved(a.records().get(0), false);
        a.group().resolved(a.records().get(1), false);
        assertThat(lanes.take(100)).isEmpty();
        a.group().resolved(a.records().get(2), false);

        assertThat(readyCalls.get()).isEqualTo(1);
        assertThat(sequences(lanes.take(100))).containsExactly(3L);
    }

    @Test
    void theFailedMessagesOfAGroupGoFirstInTheNextGroupOfTheirKeyInSpoolOrder() {
        lanes.add(List.of(record("a"), record("a"), record("a"), record("a")));
        OrderedLanes.Taken a = lanes.take(100).get(0);

        a.group().resolved(a.records().get(2), true);
        a.group().resolved(a.records().get(0), false);
        a.group().resolved(a.records().get(1), true);

        assertThat(sequences(lanes.take(100))).containsExactly(1L, 2L, 3L);
        assertThat(lanes.held()).isZero();
    }

    @Test
    void messagesWithoutAKeyGoAsTheyComeAndAFailedOneGoesBeforeNewerOnes() {
        lanes.add(List.of(record(null), record(null), record(null), record(null)));
        List<OrderedLanes.Taken> taken = lanes.take(2);
        assertThat(sequences(taken)).containsExactly(0L, 1L);
        assertThat(sequences(lanes.take(1))).containsExactly(2L);

        taken.get(0).group().resolved(taken.get(0).records().get(1), true);

        assertThat(sequences(lanes.take(100))).containsExactly(1L, 3L);
    }

    @Test
    void takeStopsAtItsMaximumAndHeldCountsWhatIsLeft() {
        lanes.add(List.of(record("a"), record("b"), record("c"), record("d")));

        assertThat(sequences(lanes.take(2))).containsExactly(0L, 1L);
        assertThat(lanes.held()).isEqualTo(2);
        assertThat(lanes.anyReady()).isTrue();
    }

    @Test
    void aKeyWhoseGroupEndedWithNothingHeldStartsAFreshLane() {
        lanes.add(List.of(record("a")));
        OrderedLanes.Taken a = lanes.take(100).get(0);
        a.group().resolved(a.records().get(0), false);

        lanes.add(List.of(record("a")));

        assertThat(sequences(lanes.take(100))).containsExactly(1L);
    }
}
