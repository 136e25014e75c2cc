package io.github.cameliotanalytics.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * The names of a spool's segment files: {@code segment-<first sequence, 20 digits>.log}, so that the names sort in the
 * order of the records. Stateless.
 */
final class SegmentFiles {

    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".log";

    private SegmentFiles() {
    }

    static Path path(Path directory, long firstSequence) {
        return directory.resolve(String.format("%s%020d%s", PREFIX, firstSequence, SUFFIX));
    }

    /** The segment files of the directory by their first sequence; other files are left out. */
    static TreeMap<Long, Path> list(Path directory) throws IOException {
        TreeMap<Long, Path> segments = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String digits = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
                if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit)) {
                    try {
                        segments.put(Long.parseLong(digits), file);
                    } catch (NumberFormatException notASequence) {
                        // too large for a sequence: not a segment of this spool
                    }
                }
            }
        }
        return segments;
    }

    /**
     * Forces the directory's entries (a new or renamed file) to the device, where the platform allows it; a platform
     * that cannot open a directory (Windows) is let be.
     */
    static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notOnThisPlatform) {
            // the directory entry is forced with the file's metadata on the platforms that refuse this
        }
    }

    static long sizeOf(Map<Long, Path> segments) throws IOException {
        long bytes = 0;
        for (Path file : segments.values()) {
            bytes += Files.size(file);
        }
        return bytes;
    }
}
