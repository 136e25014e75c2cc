package io.github.cameliotanalytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.json.JsonObject;

/**
 * Dev console {@code iotanalytics}: the buffer, the calls in flight and the delivery counters of every
 * {@code iotanalytics:} endpoint whose producers run (one engine per endpoint).
 */
@DevConsole(name = "iotanalytics", displayName = "AWS IoT Analytics",
            description = "Buffers, calls in flight and delivery counters of the iotanalytics producers")
public class IoTAnalyticsDevConsole extends AbstractDevConsole {

    public IoTAnalyticsDevConsole() {
        super("camel", "iotanalytics", "AWS IoT Analytics",
              "Buffers, calls in flight and delivery counters of the iotanalytics producers");
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        StringBuilder text = new StringBuilder();
        for (IoTAnalyticsEndpoint endpoint : endpoints()) {
            IoTAnalyticsStatistics stats = endpoint.getStatistics();
            text.append(String.format("Channel: %s%n", endpoint.getConfiguration().getChannelName()))
                    .append(String.format("    Pending: %d messages, %d bytes; %d senders waiting for room%n",
                            stats.pendingMessages(), stats.pendingBytes(), stats.waitingSenders()))
                    .append(String.format("    In flight: %d batches (window %d)%n", stats.inFlightBatches(),
                            stats.sendWindow()))
                    .append(String.format("    Sent: %d messages in %d batches (mean %.1f)%n", stats.messagesSent(),
                            stats.batchesSent(), stats.meanBatchSize()))
                    .append(String.format("    Failed: %d, retried: %d (after an unknown outcome: %d), by code: %s%n",
                            stats.messagesFailed(), stats.messagesRetried(), stats.messagesResentAfterUnknownOutcome(),
                            stats.errorsByCode()))
                    .append(String.format("    Time in buffer: mean %.1f ms, max %.1f ms%n",
                            stats.meanBufferTimeMillis(), stats.maxBufferTimeMillis()));
            SpoolStatus spool = endpoint.getSpoolStatus();
            if (spool != null) {
                text.append(String.format("    Spool: %d messages, %d of %d bytes%s, oldest %d ms ago%n",
                        spool.spool().records(), spool.spool().bytes(), spool.maxBytes(), spool.full() ? " (full)" : "",
                        spool.oldestMessageAgeMillis()))
                        .append(String.format("    Forwarded: %d messages (%.1f/s), held %d, dead letters %d,"
                                              + " dropped %d, torn records at start %d%n",
                                spool.forwardedMessages(), spool.forwardRate(), spool.heldMessages(),
                                spool.deadLetters(), spool.spool().droppedRecords(), spool.spool().tornRecords()));
            }
        }
        return text.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        List<JsonObject> list = new ArrayList<>();
        for (IoTAnalyticsEndpoint endpoint : endpoints()) {
            IoTAnalyticsStatistics stats = endpoint.getStatistics();
            JsonObject json = new JsonObject();
            json.put("channelName", endpoint.getConfiguration().getChannelName());
            json.put("endpointUri", endpoint.getEndpointBaseUri());
            json.put("pendingMessages", stats.pendingMessages());
            json.put("pendingBytes", stats.pendingBytes());
            json.put("waitingSenders", stats.waitingSenders());
            json.put("inFlightBatches", stats.inFlightBatches());
            json.put("sendWindow", stats.sendWindow());
            json.put("messagesSent", stats.messagesSent());
            json.put("messagesFailed", stats.messagesFailed());
            json.put("messagesRetried", stats.messagesRetried());
            json.put("messagesResentAfterUnknownOutcome", stats.messagesResentAfterUnknownOutcome());
            json.put("batchesSent", stats.batchesSent());
            json.put("meanBatchSize", stats.meanBatchSize());
            json.put("meanBufferTimeMillis", stats.meanBufferTimeMillis());
            json.put("maxBufferTimeMillis", stats.maxBufferTimeMillis());
            json.put("errorsByCode", new JsonObject(stats.errorsByCode()));
            SpoolStatus spool = endpoint.getSpoolStatus();
            if (spool != null) {
                JsonObject spoolJson = new JsonObject();
                spoolJson.put("messages", spool.spool().records());
                spoolJson.put("bytes", spool.spool().bytes());
                spoolJson.put("maxBytes", spool.maxBytes());
                spoolJson.put("full", spool.full());
                spoolJson.put("oldestMessageAgeMillis", spool.oldestMessageAgeMillis());
                spoolJson.put("forwardedMessages", spool.forwardedMessages());
                spoolJson.put("forwardRate", spool.forwardRate());
                spoolJson.put("heldMessages", spool.heldMessages());
                spoolJson.put("deadLetters", spool.deadLetters());
                spoolJson.put("droppedMessages", spool.spool().droppedRecords());
                spoolJson.put("tornRecords", spool.spool().tornRecords());
                json.put("spool", spoolJson);
            }
            list.add(json);
        }
        JsonObject root = new JsonObject();
        root.put("producers", list);
        return root;
    }

    private List<IoTAnalyticsEndpoint> endpoints() {
        List<IoTAnalyticsEndpoint> endpoints = new ArrayList<>();
        for (Endpoint endpoint : getCamelContext().getEndpoints()) {
            if (endpoint instanceof IoTAnalyticsEndpoint iot && iot.isEngineRunning()) {
                endpoints.add(iot);
            }
        }
        return endpoints;
    }
}
