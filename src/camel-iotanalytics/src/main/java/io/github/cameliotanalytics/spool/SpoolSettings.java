package io.github.cameliotanalytics.spool;

import java.nio.file.Path;

/**
 * How a spool stores its records.
 *
 * @param directory    where the spool keeps its files (created if missing); one spool per directory
 * @param maxBytes     the most the spool's files may take on disk
 * @param segmentBytes the size at which a segment file is closed and a new one started; space is freed a segment at a
 *                     time
 * @param fullStrategy what an append does when the spool holds {@code maxBytes}
 * @param fsync        whether a group of appends is forced to the device before their callbacks run ({@code true}: a
 *                     power cut loses no appended record; {@code false}: a crash of the JVM loses none, a power cut
 *                     may lose what the operating system had not yet written)
 */
public record SpoolSettings(Path directory, long maxBytes, long segmentBytes, SpoolFullStrategy fullStrategy,
        boolean fsync) {
}
