package io.github.cameliotanalytics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.cameliotanalytics.spool.SpoolRecord;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the spooled messages that will never be delivered go: one JSON line each in {@code dead-letters.jsonl} of the
 * spool directory (messageId, channel, error code and message, when it was spooled, the payload in base64), and, when
 * {@code deadLetterUri} is set, an exchange to that endpoint. The file is bounded: past {@code maxFileBytes} it is
 * renamed {@code dead-letters.1.jsonl} (replacing the previous one) and a new one begins. Called from the engine's
 * workers; one writer at a time.
 */
final class DeadLetters implements AutoCloseable {

    static final String FILE_NAME = "dead-letters.jsonl";
    static final String ROLLED_FILE_NAME = "dead-letters.1.jsonl";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;
    private final Path rolled;
    private final long maxFileBytes;
    private final String deadLetterUri;
    private final ProducerTemplate template;
    private final CamelContext context;
    private final Clock clock;
    private final LongAdder count = new LongAdder();

    DeadLetters(Path directory, long maxFileBytes, CamelContext context, String deadLetterUri, Clock clock) {
        this.file = directory.resolve(FILE_NAME);
        this.rolled = directory.resolve(ROLLED_FILE_NAME);
        this.maxFileBytes = maxFileBytes;
        this.context = context;
        this.clock = clock;
        this.deadLetterUri = deadLetterUri;
        this.template = deadLetterUri != null ? context.createProducerTemplate() : null;
    }

    /** Records one message that will never be delivered; never throws (what fails is logged). */
    synchronized void add(SpoolRecord record, String errorCode, String errorMessage) {
        count.increment();
        LOG.warn("Spooled message {} for channel {} goes to the dead letters: {}: {}", record.messageId(),
                record.channelName(), errorCode, errorMessage);
        try {
            write(record, errorCode, errorMessage);
        } catch (Throwable e) {
            LOG.error("Could not write dead letter {} to {}", record.messageId(), file, e);
        }
        if (template != null) {
            try {
                Exchange exchange = new DefaultExchange(context);
                org.apache.camel.Message message = exchange.getMessage();
                message.setBody(record.payload());
                message.setHeader(IoTAnalyticsConstants.MESSAGE_ID, record.messageId());
                message.setHeader(IoTAnalyticsConstants.CHANNEL_NAME, record.channelName());
                message.setHeader(IoTAnalyticsConstants.ERROR_CODE, errorCode);
                message.setHeader(IoTAnalyticsConstants.ERROR_MESSAGE, errorMessage);
                Exchange sent = template.send(deadLetterUri, exchange);
                if (sent.getException() != null) {
                    LOG.warn("Dead letter {} was not taken by {}", record.messageId(), deadLetterUri,
                            sent.getException());
                }
            } catch (Throwable e) {
                LOG.warn("Dead letter {} was not taken by {}", record.messageId(), deadLetterUri, e);
            }
        }
    }

    private void write(SpoolRecord record, String errorCode, String errorMessage) throws IOException {
        if (Files.exists(file) && Files.size(file) >= maxFileBytes) {
            Files.move(file, rolled, StandardCopyOption.REPLACE_EXISTING);
        }
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
             JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("messageId", record.messageId());
            json.writeStringField("channelName", record.channelName());
            json.writeStringField("errorCode", errorCode);
            json.writeStringField("errorMessage", errorMessage);
            json.writeStringField("spooledAt", Instant.ofEpochMilli(record.appendedAtMillis()).toString());
            json.writeStringField("deadAt", clock.instant().toString());
            json.writeStringField("payload", Base64.getEncoder().encodeToString(record.payload()));
            json.writeEndObject();
            json.writeRaw('\n');
        }
    }

    /** The messages given up since the endpoint started. */
    long count() {
        return count.sum();
    }

    @Override
    public void close() {
        if (template != null) {
            try {
                template.stop();
            } catch (Throwable e) {
                LOG.debug("Stopping the dead-letter template failed", e);
            }
        }
    }
}
