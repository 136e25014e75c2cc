package io.github.cameliotanalytics.spool;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a spool stores its records.
 *
 * @param directory    where the spool keeps its files (created if missing); one spool per directory
 * @param maxBytes     the most the spool's files may take on disk
 * @param segmentBytes the size at which a segment file is closed and a new one started; space is freed a segment at a
 *                     time, so the spool may hold up to one segment of acknowledged records besides what is pending.
 *                     A record larger than it gets a segment of its own. {@link #defaultSegmentBytes} gives the rule
 *                     the component uses
 * @param fullStrategy what an append does when the spool holds {@code maxBytes}
 * @param fsync        whether a group of appends is forced to the device before their callbacks run ({@code true}: a
 *                     power cut loses no appended record; {@code false}: a crash of the JVM loses none, a power cut
 *                     may lose what the operating system had not yet written)
 */
public record SpoolSettings(Path directory, long maxBytes, long segmentBytes, SpoolFullStrategy fullStrategy,
        boolean fsync) {

    /** The largest segment {@link #defaultSegmentBytes} gives: 64 MiB. */
    public static final long MAX_DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;

    public SpoolSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(fullStrategy, "fullStrategy");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, not " + maxBytes);
        }
        if (segmentBytes < 1) {
            throw new IllegalArgumentException("segmentBytes must be positive, not " + segmentBytes);
        }
    }

    /**
     * The segment size for a spool of {@code maxBytes}: an eighth of it, so that dropping the oldest segment frees at
     * most an eighth and the space taken by acknowledged records not yet freed stays below it, at most 64 MiB (so that
     * a drained spool frees its space soon), and at least 1 byte.
     */
    public static long defaultSegmentBytes(long maxBytes) {
        return Math.max(1, Math.min(MAX_DEFAULT_SEGMENT_BYTES, maxBytes / 8));
    }
}
