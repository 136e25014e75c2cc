package io.github.cameliotanalytics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.cameliotanalytics.spool.SpoolRecord;

/**
 * The spooled messages the forwarder holds before they go to the engine, one lane per order key. The messages of one
 * key go out one group at a time, in spool order: the next group of a key leaves only when every message of the last
 * one has its outcome, and a failed message of a group goes first in the next, so the service stores the messages of a
 * key in the order they were spooled. Messages without a key go as they come, many groups at once, and a failed one
 * goes before newer ones.
 * <p>
 * Threads: the forwarder thread adds and takes; the engine's threads report outcomes ({@link Group#resolved}), which
 * cost one atomic decrement per message, and take the lock only when the last message of a group resolves or a
 * message without a key failed.
 */
final class OrderedLanes {

    private final int groupSize;
    /** Guarded by this. */
    private final Map<String, Lane> lanes = new HashMap<>();
    private final Lane unordered = new Lane(null);
    /** The lanes that have messages and no group out, in the order they became so. Guarded by this. */
    private final Deque<Lane> ready = new ArrayDeque<>();
    /** Messages held in lanes (not in the engine). Guarded by this. */
    private int held;
    private final Runnable onReady;

    /**
     * @param groupSize the most messages of one key out at once
     * @param onReady   told (on an engine thread) when a lane became ready again
     */
    OrderedLanes(int groupSize, Runnable onReady) {
        this.groupSize = groupSize;
        this.onReady = onReady;
    }

    /** A key's queue; a lane is out while a group of it waits for outcomes (never the lane without a key). */
    private static final class Lane {
        final String key;
        final Deque<SpoolRecord> records = new ArrayDeque<>();
        boolean out;

        Lane(String key) {
            this.key = key;
        }
    }

    /** Messages that left together; a group of a key is the only one of its key until all its messages resolve. */
    final class Group {
        private final Lane lane;
        private final AtomicInteger unresolved;
        private final Queue<SpoolRecord> failed = new ConcurrentLinkedQueue<>();

        private Group(Lane lane, int size) {
            this.lane = lane;
            this.unresolved = new AtomicInteger(size);
        }

        /** Whether the group holds messages of one key (else messages without a key). */
        boolean ordered() {
            return lane != unordered;
        }

        /**
         * One message of the group has its outcome: {@code retry} says it is to be sent again (it then goes before
         * the newer messages of its key).
         */
        void resolved(SpoolRecord record, boolean retry) {
            if (lane == unordered) {
                if (retry) {
                    requeue(unordered, List.of(record));
                }
                return;
            }
            if (retry) {
                failed.add(record);
            }
            if (unresolved.decrementAndGet() == 0) {
                List<SpoolRecord> again = new ArrayList<>(failed);
                again.sort(Comparator.comparingLong(SpoolRecord::sequence));
                requeue(lane, again);
            }
        }
    }

    /** A group and the messages it holds. */
    record Taken(Group group, List<SpoolRecord> records) {
    }

    /** Adds messages just read from the spool, oldest first. Forwarder thread. */
    synchronized void add(List<SpoolRecord> records) {
        for (SpoolRecord record : records) {
            Lane lane = record.orderKey() == null ? unordered : lanes.computeIfAbsent(record.orderKey(), Lane::new);
            boolean wasIdle = lane.records.isEmpty() && !lane.out;
            lane.records.addLast(record);
            held++;
            if (wasIdle) {
                ready.addLast(lane);
            }
        }
    }

    /** Takes up to {@code max} messages that may go now, by group. Forwarder thread. */
    synchronized List<Taken> take(int max) {
        List<Taken> taken = new ArrayList<>();
        int count = 0;
        int lanesSeen = ready.size();
        while (count < max && lanesSeen-- > 0) {
            Lane lane = ready.pollFirst();
            int size = Math.min(lane.records.size(),
                    Math.min(max - count, lane == unordered ? Integer.MAX_VALUE : groupSize));
            List<SpoolRecord> records = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                records.add(lane.records.pollFirst());
            }
            held -= size;
            count += size;
            taken.add(new Taken(new Group(lane, size), records));
            if (lane == unordered) {
                if (!lane.records.isEmpty()) {
                    ready.addLast(lane);
                }
            } else {
                lane.out = true;
            }
        }
        return taken;
    }

    /**
     * Puts failed messages back at the head of their lane; for a lane with a key, its group is over: the lane is
     * ready again, or forgotten when it holds nothing (keys come and go).
     */
    private void requeue(Lane lane, List<SpoolRecord> records) {
        boolean nowReady;
        synchronized (this) {
            for (int i = records.size() - 1; i >= 0; i--) {
                lane.records.addFirst(records.get(i));
            }
            held += records.size();
            if (lane != unordered) {
                lane.out = false;
                if (lane.records.isEmpty()) {
                    lanes.remove(lane.key);
                }
            }
            nowReady = !lane.records.isEmpty() && !ready.contains(lane);
            if (nowReady) {
                ready.addLast(lane);
            }
        }
        if (nowReady) {
            onReady.run();
        }
    }

    /** Messages held (read from the spool, not in the engine). */
    synchronized int held() {
        return held;
    }

    /** Whether some message may go now. */
    synchronized boolean anyReady() {
        return !ready.isEmpty();
    }
}
