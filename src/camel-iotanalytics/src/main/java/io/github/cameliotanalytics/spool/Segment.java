package io.github.cameliotanalytics.spool;

import java.nio.file.Path;

/**
 * What the spool knows of one segment file: the sequences it holds ({@code firstSequence} up to, not including,
 * {@code endSequence}), its size, and when its first record was appended. Mutated by the writer thread only (by the
 * opening thread before the writer starts).
 */
final class Segment {

    final long firstSequence;
    final Path file;
    long endSequence;
    long bytes;
    long firstAppendedAtMillis = -1;

    Segment(long firstSequence, Path file) {
        this.firstSequence = firstSequence;
        this.file = file;
        this.endSequence = firstSequence;
    }

    boolean isEmpty() {
        return endSequence == firstSequence;
    }

    @Override
    public String toString() {
        return file.getFileName() + " (sequences " + firstSequence + " to " + (endSequence - 1) + ", " + bytes
                + " bytes)";
    }
}
