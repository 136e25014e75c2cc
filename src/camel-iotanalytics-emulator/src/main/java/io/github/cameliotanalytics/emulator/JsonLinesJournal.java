package io.github.cameliotanalytics.emulator;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;

/**
 * Appends accepted messages to one JSON Lines file per channel, {@code <directory>/<channel>.jsonl}. Each line is
 * {@code {"messageId":..,"receivedAt":"<ISO 8601>","payload":<the payload>}} when the payload is one JSON value, else
 * {@code {"messageId":..,"receivedAt":..,"payloadBase64":"<base64>"}}. Writes are buffered; the emulator flushes them
 * every second and when it stops or resets.
 */
final class JsonLinesJournal implements MessageJournal {

    private static final System.Logger LOG = System.getLogger(JsonLinesJournal.class.getName());
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path directory;
    private final ConcurrentHashMap<String, ChannelFile> files = new ConcurrentHashMap<>();

    JsonLinesJournal(Path directory) {
        this.directory = directory;
    }

    /** The file a channel's messages go to. */
    static Path fileOf(Path directory, String channel) {
        return directory.resolve(channel + ".jsonl");
    }

    @Override
    public void append(String channel, List<StoredMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        byte[] lines = toLines(messages);
        files.computeIfAbsent(channel, name -> new ChannelFile(fileOf(directory, name))).write(lines);
    }

    @Override
    public void flush() {
        files.values().forEach(ChannelFile::flush);
    }

    @Override
    public void closeFiles() {
        files.values().forEach(ChannelFile::close);
    }

    private static byte[] toLines(List<StoredMessage> messages) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream(messages.size() * 128);
        try (JsonGenerator json = Json.MAPPER.createGenerator(lines)) {
            json.setRootValueSeparator(null);
            for (StoredMessage message : messages) {
                json.writeStartObject();
                json.writeStringField("messageId", message.messageId());
                json.writeStringField("receivedAt", message.receivedAt().toString());
                String payload = compactJson(message.payload());
                if (payload == null) {
                    json.writeBinaryField("payloadBase64", message.payload());
                } else {
                    json.writeFieldName("payload");
                    json.writeRawValue(payload);
                }
                json.writeEndObject();
                json.flush();
                lines.write('\n');
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot format journal lines", e);
        }
        return lines.toByteArray();
    }

    /**
     * The payload as one JSON value on one line, token for token (duplicate names kept), or {@code null} when it is not
     * exactly one JSON value.
     */
    private static String compactJson(byte[] payload) {
        StringWriter compact = new StringWriter(payload.length);
        try (JsonParser parser = Json.MAPPER.createParser(payload);
             JsonGenerator copy = Json.MAPPER.createGenerator(compact)) {
            if (parser.nextToken() == null) {
                return null;
            }
            copy.copyCurrentStructure(parser);
            if (parser.nextToken() != null) {
                return null;
            }
        } catch (IOException notJson) {
            return null;
        }
        return compact.toString();
    }

    /** One channel's file, opened on first write and after {@link #close()}. */
    private static final class ChannelFile {

        private final Path path;
        private OutputStream out;

        ChannelFile(Path path) {
            this.path = path;
        }

        synchronized void write(byte[] lines) {
            try {
                if (out == null) {
                    Files.createDirectories(path.getParent());
                    out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND), BUFFER_BYTES);
                }
                out.write(lines);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Cannot append to " + path, e);
            }
        }

        synchronized void flush() {
            try {
                if (out != null) {
                    out.flush();
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Cannot flush " + path, e);
            }
        }

        synchronized void close() {
            try {
                if (out != null) {
                    out.close();
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Cannot close " + path, e);
            } finally {
                out = null;
            }
        }
    }
}
