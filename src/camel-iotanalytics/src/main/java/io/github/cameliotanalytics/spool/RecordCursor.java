package io.github.cameliotanalytics.spool;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Walks the records of one segment file in order through a buffer, reading the file in large blocks. Owned by one
 * thread (the reader, or the opening thread during recovery).
 */
final class RecordCursor {

    /** What {@link #next} returns at the end of the file. */
    static final int END = 0;

    private static final int BLOCK_BYTES = 256 * 1024;

    private final FileChannel channel;
    private ByteBuffer buffer = ByteBuffer.allocate(BLOCK_BYTES).limit(0);
    /** The file offset of the buffer's position: the start of the next record. */
    private long position;

    RecordCursor(FileChannel channel, long position) {
        this.channel = channel;
        this.position = position;
    }

    /** The file offset of the next record. */
    long position() {
        return position;
    }

    /**
     * Makes the record at {@link #position()} whole in {@link #buffer()} (positioned at its start) and returns its size,
     * or {@link RecordFormat#DAMAGED}, or {@link #END} when the position is {@code fileSize}.
     */
    int next(long fileSize) throws IOException {
        if (position >= fileSize) {
            return END;
        }
        while (true) {
            int size = RecordFormat.check(buffer, fileSize - position);
            if (size != RecordFormat.INCOMPLETE) {
                return size;
            }
            fill(buffer.remaining() >= RecordFormat.HEADER_BYTES
                    ? RecordFormat.HEADER_BYTES + buffer.getInt(buffer.position())
                    : RecordFormat.HEADER_BYTES);
        }
    }

    /** The buffer holding the record that {@link #next} made whole, positioned at its start. */
    ByteBuffer buffer() {
        return buffer;
    }

    /** Moves past the record of {@code size} bytes at the position. */
    void skip(int size) {
        buffer.position(buffer.position() + size);
        position += size;
    }

    private void fill(int needed) throws IOException {
        if (needed > buffer.capacity()) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(needed, buffer.capacity() * 2));
            larger.put(buffer);
            buffer = larger;
        } else {
            buffer.compact();
        }
        long readAt = position + buffer.position();
        int read = channel.read(buffer, readAt);
        buffer.flip();
        if (read < 0) {
            throw new EOFException("the segment file ends at " + readAt + " before the record at " + position);
        }
    }
}
