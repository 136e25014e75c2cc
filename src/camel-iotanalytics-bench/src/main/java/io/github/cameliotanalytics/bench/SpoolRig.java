package io.github.cameliotanalytics.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.github.cameliotanalytics.IoTAnalyticsComponent;
import io.github.cameliotanalytics.IoTAnalyticsConfiguration;
import io.github.cameliotanalytics.IoTAnalyticsConstants;
import io.github.cameliotanalytics.IoTAnalyticsEndpoint;
import io.github.cameliotanalytics.MessageNotDeliveredException;
import io.github.cameliotanalytics.SpoolStatus;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A Camel context with one {@code iotanalytics:} endpoint that spools to a directory ({@code spoolDirectory}), pointed
 * at an emulator, and a started producer of it: what the store-and-forward runs send through.
 */
final class SpoolRig implements AutoCloseable {

    static final String REGION = "us-east-1";

    private final CamelContext context;
    private final IoTAnalyticsEndpoint endpoint;
    private final AsyncProducer producer;

    private SpoolRig(CamelContext context, IoTAnalyticsEndpoint endpoint, AsyncProducer producer) {
        this.context = context;
        this.endpoint = endpoint;
        this.producer = producer;
    }

    /**
     * Starts the context and the producer: the producer's start opens the spool in {@code spoolDirectory} (recovering
     * what an earlier process left there) and starts the forwarder. {@code options} are more endpoint options
     * ({@code a=1&b=2}), or empty.
     */
    static SpoolRig start(URI emulator, String channel, Path spoolDirectory, String options) throws Exception {
        CamelContext context = new DefaultCamelContext();
        IoTAnalyticsConfiguration shared = context.getComponent("iotanalytics", IoTAnalyticsComponent.class)
                .getConfiguration();
        shared.setRegion(REGION);
        shared.setAccessKey("AKIDSPOOL");
        shared.setSecretKey("spool-secret");
        shared.setOverrideEndpoint(true);
        shared.setUriEndpointOverride(emulator.toString());
        context.start();
        String uri = "iotanalytics:" + channel + "?spoolDirectory=RAW(" + spoolDirectory + ")"
                     + (options.isEmpty() ? "" : "&" + options);
        IoTAnalyticsEndpoint endpoint = context.getEndpoint(uri, IoTAnalyticsEndpoint.class);
        AsyncProducer producer = endpoint.createAsyncProducer();
        try {
            producer.start();
        } catch (RuntimeException e) {
            context.stop();
            throw e;
        }
        return new SpoolRig(context, endpoint, producer);
    }

    /** Sends one message with this messageId; {@code completed} gets its exchange once it completed. */
    void send(String messageId, String body, Consumer<Exchange> completed) {
        send(messageId, null, body, completed);
    }

    /**
     * Sends one message with this messageId and order key ({@code null}: none); {@code completed} gets its exchange
     * once it completed.
     */
    void send(String messageId, String orderKey, String body, Consumer<Exchange> completed) {
        Exchange exchange = endpoint.createExchange();
        exchange.getMessage().setBody(body);
        exchange.getMessage().setHeader(IoTAnalyticsConstants.MESSAGE_ID, messageId);
        if (orderKey != null) {
            exchange.getMessage().setHeader(IoTAnalyticsConstants.ORDER_KEY, orderKey);
        }
        try {
            producer.process(exchange, doneSync -> completed.accept(exchange));
        } catch (RuntimeException e) {
            exchange.setException(e);
            completed.accept(exchange);
        }
    }

    /** {@code null} when the exchange completed as spooled, else the error code it failed with. */
    static String errorCode(Exchange exchange) {
        Exception failure = exchange.getException();
        if (failure == null) {
            return Boolean.TRUE.equals(exchange.getMessage().getHeader(IoTAnalyticsConstants.SPOOLED, Boolean.class))
                    ? null : "CompletedWithoutSpooledHeader";
        }
        if (failure instanceof MessageNotDeliveredException notDelivered) {
            return String.valueOf(notDelivered.getErrorCode());
        }
        return failure.getClass().getSimpleName();
    }

    SpoolStatus status() {
        return endpoint.getSpoolStatus();
    }

    /**
     * Waits until the spool holds no message (each delivered or given up), polling every 10 ms, for at most
     * {@code timeoutSeconds}; returns whether it did.
     */
    boolean awaitEmpty(long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() - deadline < 0) {
            if (isEmpty(status())) {
                return true;
            }
            Thread.sleep(10);
        }
        return isEmpty(status());
    }

    static boolean isEmpty(SpoolStatus status) {
        return status != null && status.spool().records() == 0;
    }

    /** The spool's figures in one line. */
    static String describe(SpoolStatus status) {
        if (status == null) {
            return "no spool status";
        }
        return String.format(Locale.ROOT, "spool: %,d messages, %,d bytes, full %s, forwarded %,d, held %,d,"
                                          + " dead letters %,d, dropped %,d, torn records at start %,d",
                status.spool().records(), status.spool().bytes(), status.full(), status.forwardedMessages(),
                status.heldMessages(), status.deadLetters(), status.spool().droppedRecords(),
                status.spool().tornRecords());
    }

    /** Stops the producer (the forwarder and the spool with it) and the context. */
    @Override
    public void close() throws Exception {
        try {
            producer.stop();
        } finally {
            context.stop();
        }
    }

    /** Deletes a directory and what it holds. */
    static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
