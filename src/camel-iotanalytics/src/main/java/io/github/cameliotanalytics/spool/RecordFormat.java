package io.github.cameliotanalytics.spool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The layout of one record in a segment file, all numbers big-endian:
 *
 * <pre>
 * int   length            bytes that follow the checksum (sequence to the end of the payload)
 * int   checksum          CRC32C of those bytes
 * long  sequence
 * long  appendedAtMillis
 * short channel length    unsigned, then the channel name in UTF-8
 * short messageId length  unsigned, then the messageId in UTF-8
 * short order key length  unsigned, then the order key in UTF-8 (length 0: no key)
 * byte[] payload          the rest
 * </pre>
 *
 * A record whose length does not fit in what is left of its file, whose inner lengths do not fit in its length, or
 * whose checksum differs is damaged. Stateless; used by any thread.
 */
final class RecordFormat {

    /** The length and the checksum. */
    static final int HEADER_BYTES = 8;
    /** Sequence, appendedAtMillis and the three string lengths. */
    static final int FIXED_BODY_BYTES = 8 + 8 + 2 + 2 + 2;
    /** What {@link #check} returns when the buffer does not hold the whole record yet. */
    static final int INCOMPLETE = -1;
    /** What {@link #check} returns for a damaged record. */
    static final int DAMAGED = -2;

    private static final int MAX_STRING_BYTES = 0xFFFF;

    private RecordFormat() {
    }

    /**
     * A record ready to be sealed: everything but the sequence and the checksum, which {@link #seal} writes. Throws
     * {@link IllegalArgumentException} when the channel name, the messageId or the order key is longer than 65535 bytes
     * in UTF-8. An empty order key is no key.
     */
    static ByteBuffer encode(long appendedAtMillis, String channelName, String messageId, String orderKey,
                             byte[] payload) {
        byte[] channel = utf8(channelName, "channelName");
        byte[] id = utf8(messageId, "messageId");
        byte[] key = orderKey == null ? new byte[0] : utf8(orderKey, "orderKey");
        int body = FIXED_BODY_BYTES + channel.length + id.length + key.length + payload.length;
        ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + body);
        record.putInt(body).putInt(0).putLong(0).putLong(appendedAtMillis);
        record.putShort((short) channel.length).put(channel);
        record.putShort((short) id.length).put(id);
        record.putShort((short) key.length).put(key);
        record.put(payload);
        return record.flip();
    }

    /** Writes the sequence and the checksum into an encoded record (absolute puts: the buffer's position is kept). */
    static void seal(ByteBuffer record, long sequence) {
        record.putLong(HEADER_BYTES, sequence);
        CRC32C crc = new CRC32C();
        crc.update(record.duplicate().position(HEADER_BYTES));
        record.putInt(4, (int) crc.getValue());
    }

    /**
     * Checks the record that starts at the buffer's position: its whole size in bytes when it is complete and sound,
     * {@link #INCOMPLETE} when the buffer holds only its start, {@link #DAMAGED} otherwise.
     *
     * @param bytesLeftInFile the bytes of the file from the record's start to the file's end
     */
    static int check(ByteBuffer buffer, long bytesLeftInFile) {
        int start = buffer.position();
        if (bytesLeftInFile < HEADER_BYTES) {
            return DAMAGED;
        }
        if (buffer.remaining() < HEADER_BYTES) {
            return INCOMPLETE;
        }
        int body = buffer.getInt(start);
        if (body < FIXED_BODY_BYTES || body > bytesLeftInFile - HEADER_BYTES) {
            return DAMAGED;
        }
        if (buffer.remaining() < HEADER_BYTES + body) {
            return INCOMPLETE;
        }
        int channelLength = Short.toUnsignedInt(buffer.getShort(start + HEADER_BYTES + 16));
        if (FIXED_BODY_BYTES + channelLength > body) {
            return DAMAGED;
        }
        int idLength = Short.toUnsignedInt(buffer.getShort(start + HEADER_BYTES + 18 + channelLength));
        if (FIXED_BODY_BYTES + channelLength + idLength > body) {
            return DAMAGED;
        }
        int keyLength = Short.toUnsignedInt(buffer.getShort(start + HEADER_BYTES + 20 + channelLength + idLength));
        if (FIXED_BODY_BYTES + channelLength + idLength + keyLength > body) {
            return DAMAGED;
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().position(start + HEADER_BYTES).limit(start + HEADER_BYTES + body));
        if ((int) crc.getValue() != buffer.getInt(start + 4)) {
            return DAMAGED;
        }
        return HEADER_BYTES + body;
    }

    /** The sequence of the checked record that starts at the buffer's position. */
    static long sequence(ByteBuffer buffer) {
        return buffer.getLong(buffer.position() + HEADER_BYTES);
    }

    /** The appendedAtMillis of the checked record that starts at the buffer's position. */
    static long appendedAtMillis(ByteBuffer buffer) {
        return buffer.getLong(buffer.position() + HEADER_BYTES + 8);
    }

    /** Reads the checked record of {@code size} bytes at the buffer's position, and moves the position past it. */
    static SpoolRecord decode(ByteBuffer buffer, int size) {
        int end = buffer.position() + size;
        buffer.position(buffer.position() + HEADER_BYTES);
        long sequence = buffer.getLong();
        long appendedAtMillis = buffer.getLong();
        String channel = string(buffer);
        String id = string(buffer);
        String key = string(buffer);
        byte[] payload = new byte[end - buffer.position()];
        buffer.get(payload);
        return new SpoolRecord(sequence, appendedAtMillis, channel, id, key.isEmpty() ? null : key, payload);
    }

    private static String string(ByteBuffer buffer) {
        int length = Short.toUnsignedInt(buffer.getShort());
        String value = new String(buffer.array(), buffer.arrayOffset() + buffer.position(), length,
                StandardCharsets.UTF_8);
        buffer.position(buffer.position() + length);
        return value;
    }

    private static byte[] utf8(String value, String name) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException(name + " is longer than " + MAX_STRING_BYTES + " bytes in UTF-8");
        }
        return bytes;
    }
}
