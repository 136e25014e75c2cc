package io.github.cameliotanalytics.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file {@code checkpoint} of a spool: the first sequence not yet acknowledged, as a long and the CRC32C of its 8
 * bytes. Written whole to {@code checkpoint.tmp}, forced (when the spool forces its writes), then moved over the old one
 * atomically, so that a crash leaves the old or the new one; a damaged one (a power cut without forcing) is taken as
 * missing, so the spool reads again from its oldest segment. Written by the writer thread only; read when the spool
 * opens.
 */
final class Checkpoint {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);
    private static final int BYTES = 12;

    private final Path file;
    private final Path temporary;
    private final boolean force;

    Checkpoint(Path directory, boolean force) {
        this.file = directory.resolve("checkpoint");
        this.temporary = directory.resolve("checkpoint.tmp");
        this.force = force;
    }

    /** The saved first unacknowledged sequence; empty when there is none, or it is damaged (logged). */
    OptionalLong read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException none) {
            return OptionalLong.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length == BYTES) {
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, 8);
            if ((int) crc.getValue() == buffer.getInt(8)) {
                return OptionalLong.of(buffer.getLong(0));
            }
        }
        LOG.warn("Spool checkpoint {} is damaged; the spool starts at its oldest segment", file);
        return OptionalLong.empty();
    }

    void write(long firstUnacknowledged) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BYTES).putLong(firstUnacknowledged);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, 8);
        buffer.putInt((int) crc.getValue()).flip();
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (force) {
                channel.force(false);
            }
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
