package io.github.cameliotanalytics.spool;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The segment files that exist, by first sequence, with when their first record was appended: written by the writer
 * thread (a segment is added before its first record is written and removed before its file is deleted), read by the
 * reader and by {@link Spool#statistics()}.
 */
final class SegmentIndex {

    /** One segment file and when its first record was appended. */
    record Entry(long firstSequence, Path file, long firstAppendedAtMillis) {
    }

    private final ConcurrentSkipListMap<Long, Entry> entries = new ConcurrentSkipListMap<>();

    void add(Segment segment) {
        entries.put(segment.firstSequence,
                new Entry(segment.firstSequence, segment.file, segment.firstAppendedAtMillis));
    }

    void remove(Segment segment) {
        entries.remove(segment.firstSequence);
    }

    /** The segment that holds {@code sequence} if any, else the first after it; null when there is none. */
    Entry holding(long sequence) {
        Map.Entry<Long, Entry> entry = entries.floorEntry(sequence);
        if (entry == null) {
            entry = entries.ceilingEntry(sequence);
        }
        return entry == null ? null : entry.getValue();
    }

    /** The segment after the one that starts at {@code firstSequence}; null when there is none. */
    Entry after(long firstSequence) {
        Map.Entry<Long, Entry> entry = entries.higherEntry(firstSequence);
        return entry == null ? null : entry.getValue();
    }
}
