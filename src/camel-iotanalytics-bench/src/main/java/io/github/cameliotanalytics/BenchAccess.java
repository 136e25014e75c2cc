package io.github.cameliotanalytics;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Endpoint;

/** What the benchmarks read of a producer that a user's code does not see (its package-private statistics). */
public final class BenchAccess {

    private BenchAccess() {
    }

    /** The counters of the started producers of an {@code iotanalytics} endpoint. */
    public static Map<String, Object> producerStatistics(Endpoint endpoint) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (IoTAnalyticsProducer producer : ((IoTAnalyticsEndpoint) endpoint).runningProducers()) {
            values.put("messagesSent", producer.getMessagesSent());
            values.put("messagesFailed", producer.getMessagesFailed());
            values.put("messagesRetried", producer.getMessagesRetried());
            values.put("batchesSent", producer.getBatchesSent());
            values.put("meanBatchSize", String.format(java.util.Locale.ROOT, "%.1f", producer.getMeanBatchSize()));
            values.put("errorsByCode", producer.getErrorsByCode());
        }
        return values;
    }
}
