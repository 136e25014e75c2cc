package io.github.cameliotanalytics.examples.demo;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.github.cameliotanalytics.IoTAnalyticsConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Counts the readings that were not delivered, by error code, and shows the first few of them with their error
 * headers. (It prints rather than logs so that the lines show under {@code mvn -q exec:java} too, where Maven's own
 * logger takes the place of the application's.)
 */
public class Rejections {

    private static final int SHOWN = 2;

    private final PrintStream out;
    private final Map<String, LongAdder> byCode = new ConcurrentHashMap<>();
    private final AtomicInteger shown = new AtomicInteger();

    public Rejections(PrintStream out) {
        this.out = out;
    }

    public void record(Exchange exchange) {
        Message message = exchange.getMessage();
        String code = message.getHeader(IoTAnalyticsConstants.ERROR_CODE, "unknown", String.class);
        byCode.computeIfAbsent(code, c -> new LongAdder()).increment();
        if (shown.incrementAndGet() <= SHOWN) {
            out.printf("  rejected %s (%s)%n      %s=%s%n      %s=%s%n",
                    message.getHeader(IoTAnalyticsConstants.MESSAGE_ID), Thread.currentThread().getName(),
                    IoTAnalyticsConstants.ERROR_CODE, code,
                    IoTAnalyticsConstants.ERROR_MESSAGE, message.getHeader(IoTAnalyticsConstants.ERROR_MESSAGE));
        }
    }

    /** Rejected readings by error code, sorted by code. */
    public Map<String, Long> byCode() {
        Map<String, Long> copy = new TreeMap<>();
        byCode.forEach((code, count) -> copy.put(code, count.sum()));
        return copy;
    }
}
