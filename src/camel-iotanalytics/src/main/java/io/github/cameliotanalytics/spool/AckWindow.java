package io.github.cameliotanalytics.spool;

/**
 * Which read records are done with: the frontier (the first unacknowledged sequence) and, for the sequences read above
 * it, whether each is acknowledged and when it was appended. A ring indexed by sequence, as large as the range from the
 * frontier to the last record read (so bounded by what the reader holds unacknowledged); it grows by doubling. Guarded
 * by its monitor: the reader registers, any thread acknowledges, the writer thread drops.
 */
final class AckWindow {

    private static final int INITIAL_CAPACITY = 1024;

    private final Runnable frontierAdvanced;
    private long frontier;
    /** One past the last sequence read: the window is [frontier, limit). */
    private long limit;
    /** Sequences in the window that are acknowledged, or were never records (a gap left by a cut segment). */
    private long doneInWindow;
    private long acknowledged;
    private boolean[] done = new boolean[INITIAL_CAPACITY];
    private long[] appendedAtMillis = new long[INITIAL_CAPACITY];

    /** @param frontierAdvanced run (outside the monitor) when an acknowledgement moves the frontier */
    AckWindow(long frontier, Runnable frontierAdvanced) {
        this.frontier = frontier;
        this.limit = frontier;
        this.frontierAdvanced = frontierAdvanced;
    }

    synchronized long frontier() {
        return frontier;
    }

    /** One past the last sequence read (or dropped). */
    synchronized long limit() {
        return limit;
    }

    /** Acknowledged records since the spool opened. */
    synchronized long acknowledged() {
        return acknowledged;
    }

    /** Records below {@code end} that are not done with. */
    synchronized long unacknowledgedBelow(long end) {
        return Math.max(0, end - frontier - doneInWindow);
    }

    /** When the record at the frontier was appended, or -1 when it was not read yet. */
    synchronized long frontierAppendedAtMillis() {
        return frontier < limit ? appendedAtMillis[index(frontier)] : -1;
    }

    /** The reader read this record (sequences increase; those skipped between two reads were no records). */
    synchronized void read(long sequence, long appendedAt) {
        if (sequence < limit) {
            return;
        }
        ensureCapacity(sequence + 1 - frontier);
        for (long gap = limit; gap < sequence; gap++) {
            done[index(gap)] = true;
            doneInWindow++;
        }
        done[index(sequence)] = false;
        appendedAtMillis[index(sequence)] = appendedAt;
        limit = sequence + 1;
        advance();
    }

    /** Marks a read record done with; a sequence outside the window or done already is ignored. */
    void acknowledge(long sequence) {
        boolean advanced;
        synchronized (this) {
            if (sequence < frontier || sequence >= limit || done[index(sequence)]) {
                return;
            }
            done[index(sequence)] = true;
            doneInWindow++;
            acknowledged++;
            advanced = advance();
        }
        if (advanced) {
            frontierAdvanced.run();
        }
    }

    /**
     * Drops the records of a segment [first, end) that is deleted: moves the frontier (and the read limit) to
     * {@code end} at least, and returns how many of them were not acknowledged.
     */
    synchronized long drop(long first, long end) {
        if (end <= frontier) {
            return 0;
        }
        long from = Math.max(first, frontier);
        long dropped = end - from;
        for (long sequence = frontier; sequence < end && sequence < limit; sequence++) {
            if (done[index(sequence)]) {
                doneInWindow--;
                if (sequence >= from) {
                    dropped--;
                }
            }
        }
        frontier = end;
        limit = Math.max(limit, end);
        return dropped;
    }

    private boolean advance() {
        long start = frontier;
        while (frontier < limit && done[index(frontier)]) {
            done[index(frontier)] = false;
            doneInWindow--;
            frontier++;
        }
        return frontier != start;
    }

    private int index(long sequence) {
        return (int) (sequence & (done.length - 1));
    }

    private void ensureCapacity(long needed) {
        if (needed <= done.length) {
            return;
        }
        int capacity = done.length;
        while (capacity < needed) {
            capacity *= 2;
        }
        boolean[] newDone = new boolean[capacity];
        long[] newAppendedAt = new long[capacity];
        for (long sequence = frontier; sequence < limit; sequence++) {
            newDone[(int) (sequence & (capacity - 1))] = done[index(sequence)];
            newAppendedAt[(int) (sequence & (capacity - 1))] = appendedAtMillis[index(sequence)];
        }
        done = newDone;
        appendedAtMillis = newAppendedAt;
    }
}
