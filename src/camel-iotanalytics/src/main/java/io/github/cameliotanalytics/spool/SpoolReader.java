package io.github.cameliotanalytics.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the records back from the segment files, oldest first, and registers each in the {@link AckWindow}. Skips what
 * the writer dropped meanwhile (the frontier moved past the read position) and the gaps left by a cut segment. Owned by
 * the one reader thread at a time that {@link Spool#read} admits.
 */
final class SpoolReader implements AutoCloseable {

    private final SegmentIndex index;
    private final AckWindow window;
    /** The next sequence to return. */
    private long next;
    private SegmentIndex.Entry segment;
    private FileChannel channel;
    private RecordCursor cursor;

    SpoolReader(SegmentIndex index, AckWindow window) {
        this.index = index;
        this.window = window;
        this.next = window.frontier();
    }

    /** The next sequence to return. */
    long next() {
        return next;
    }

    /** Up to {@code maxRecords} records below {@code writtenEnd} (all whole in their files), oldest first. */
    List<SpoolRecord> read(int maxRecords, long writtenEnd) throws IOException {
        long frontier = window.frontier();
        if (frontier > next) {
            next = frontier;
            closeSegment();
        }
        List<SpoolRecord> records = new ArrayList<>(Math.min(maxRecords, 1024));
        long fileSize = -1;
        while (records.size() < maxRecords && next < writtenEnd) {
            if (cursor == null) {
                SegmentIndex.Entry holding = index.holding(next);
                if (holding == null || !open(holding, 0)) {
                    break;
                }
                fileSize = -1;
            }
            if (fileSize < 0) {
                fileSize = channel.size();
            }
            int size = cursor.next(fileSize);
            if (size == RecordCursor.END) {
                SegmentIndex.Entry following = index.after(segment.firstSequence());
                if (following == null || !open(following, 0)) {
                    break;
                }
                fileSize = -1;
                continue;
            }
            if (size == RecordFormat.DAMAGED) {
                throw new IOException("The spool segment " + segment.file() + " has a damaged record at offset "
                        + cursor.position());
            }
            long sequence = RecordFormat.sequence(cursor.buffer());
            if (sequence >= writtenEnd) {
                break;
            }
            if (sequence >= next) {
                SpoolRecord record = RecordFormat.decode(cursor.buffer().duplicate(), size);
                records.add(record);
                window.read(sequence, record.appendedAtMillis());
                next = sequence + 1;
            }
            cursor.skip(size);
        }
        return records;
    }

    /** Opens the segment's file at the offset; false when the writer deleted it meanwhile (dropped). */
    private boolean open(SegmentIndex.Entry entry, long offset) throws IOException {
        closeSegment();
        try {
            channel = FileChannel.open(entry.file(), StandardOpenOption.READ);
        } catch (NoSuchFileException dropped) {
            next = Math.max(next, window.frontier());
            return false;
        }
        segment = entry;
        cursor = new RecordCursor(channel, offset);
        return true;
    }

    private void closeSegment() throws IOException {
        if (channel != null) {
            channel.close();
        }
        channel = null;
        cursor = null;
        segment = null;
    }

    @Override
    public void close() throws IOException {
        closeSegment();
    }
}
