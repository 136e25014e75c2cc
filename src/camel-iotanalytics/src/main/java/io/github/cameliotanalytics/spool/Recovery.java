package io.github.cameliotanalytics.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds what an earlier spool left in a directory, on the opening thread: deletes the segments wholly below the
 * checkpoint, scans the others record by record, and cuts each at its first damaged or torn record (a WARN names the
 * file and the offset). Sequences go on after the last sound record.
 */
final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /**
     * @param segments    the segments kept, oldest first
     * @param nextSequence the sequence of the next record appended
     * @param frontier    the first unacknowledged sequence
     * @param tornRecords the damaged records found (one per segment cut)
     */
    record State(ArrayDeque<Segment> segments, long nextSequence, long frontier, long tornRecords) {
    }

    private Recovery() {
    }

    static State recover(Path directory, OptionalLong checkpoint) throws IOException {
        TreeMap<Long, Path> files = SegmentFiles.list(directory);
        List<Map.Entry<Long, Path>> entries = new ArrayList<>(files.entrySet());
        ArrayDeque<Segment> segments = new ArrayDeque<>();
        long torn = 0;
        for (int i = 0; i < entries.size(); i++) {
            long first = entries.get(i).getKey();
            Path file = entries.get(i).getValue();
            boolean acknowledged = checkpoint.isPresent() && i + 1 < entries.size()
                    && entries.get(i + 1).getKey() <= checkpoint.getAsLong();
            if (acknowledged) {
                Files.delete(file);
                continue;
            }
            Segment segment = new Segment(first, file);
            if (scan(segment)) {
                torn++;
            }
            if (segment.isEmpty()) {
                Files.delete(file);
            } else {
                segments.add(segment);
            }
        }
        long next = segments.isEmpty() ? 1 : segments.getLast().endSequence;
        long checkpointed = checkpoint.orElse(1);
        next = Math.max(next, checkpointed);
        long oldest = segments.isEmpty() ? next : segments.getFirst().firstSequence;
        long frontier = Math.min(next, Math.max(oldest, checkpointed));
        return new State(segments, next, frontier, torn);
    }

    /** Reads the segment's records, fills in its end and size, and cuts it at a damaged record: true then. */
    private static boolean scan(Segment segment) throws IOException {
        try (FileChannel channel = FileChannel.open(segment.file, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long fileSize = channel.size();
            RecordCursor cursor = new RecordCursor(channel, 0);
            while (true) {
                int size = cursor.next(fileSize);
                if (size == RecordCursor.END) {
                    segment.bytes = fileSize;
                    return false;
                }
                if (size == RecordFormat.DAMAGED
                        || RecordFormat.sequence(cursor.buffer()) != segment.endSequence) {
                    long offset = cursor.position();
                    LOG.warn("Spool segment {} has a damaged or torn record at offset {}: cut there ({} bytes"
                            + " removed); sequences go on from {}", segment.file, offset, fileSize - offset,
                            segment.endSequence);
                    channel.truncate(offset);
                    channel.force(true);
                    segment.bytes = offset;
                    return true;
                }
                if (segment.isEmpty()) {
                    segment.firstAppendedAtMillis = RecordFormat.appendedAtMillis(cursor.buffer());
                }
                segment.endSequence++;
                cursor.skip(size);
            }
        }
    }
}
