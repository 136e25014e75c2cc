package io.github.cameliotanalytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.cameliotanalytics.batch.BatchSender;
import io.github.cameliotanalytics.batch.BatchStatistics;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.json.JsonObject;

/**
 * Dev console {@code iotanalytics}: the buffer, the calls in flight and the delivery counters of every running
 * {@code iotanalytics:} producer.
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
        for (IoTAnalyticsProducer producer : producers()) {
            BatchSender sender = producer.sender();
            BatchStatistics stats = sender.statistics();
            text.append(String.format("Channel: %s%n", producer.getEndpoint().getConfiguration().getChannelName()))
                    .append(String.format("    Pending: %d messages, %d bytes; %d senders waiting for room%n",
                            sender.pendingMessages(), sender.pendingBytes(), sender.waitingSenders()))
                    .append(String.format("    In flight: %d batches (window %d)%n", sender.inFlightBatches(),
                            sender.sendWindow()))
                    .append(String.format("    Sent: %d messages in %d batches (mean %.1f)%n", stats.messagesSent(),
                            stats.batchesSent(), stats.meanBatchSize()))
                    .append(String.format("    Failed: %d, retried: %d, by code: %s%n", stats.messagesFailed(),
                            stats.messagesRetried(), stats.errorsByCode()))
                    .append(String.format("    Time in buffer: mean %.1f ms, max %.1f ms%n",
                            stats.meanBufferTimeMillis(), stats.maxBufferTimeMillis()));
        }
        return text.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        List<JsonObject> list = new ArrayList<>();
        for (IoTAnalyticsProducer producer : producers()) {
            BatchSender sender = producer.sender();
            BatchStatistics stats = sender.statistics();
            JsonObject json = new JsonObject();
            json.put("channelName", producer.getEndpoint().getConfiguration().getChannelName());
            json.put("pendingMessages", sender.pendingMessages());
            json.put("pendingBytes", sender.pendingBytes());
            json.put("waitingSenders", sender.waitingSenders());
            json.put("inFlightBatches", sender.inFlightBatches());
            json.put("sendWindow", sender.sendWindow());
            json.put("messagesSent", stats.messagesSent());
            json.put("messagesFailed", stats.messagesFailed());
            json.put("messagesRetried", stats.messagesRetried());
            json.put("batchesSent", stats.batchesSent());
            json.put("meanBatchSize", stats.meanBatchSize());
            json.put("meanBufferTimeMillis", stats.meanBufferTimeMillis());
            json.put("maxBufferTimeMillis", stats.maxBufferTimeMillis());
            json.put("errorsByCode", new JsonObject(stats.errorsByCode()));
            list.add(json);
        }
        JsonObject root = new JsonObject();
        root.put("producers", list);
        return root;
    }

    private List<IoTAnalyticsProducer> producers() {
        List<IoTAnalyticsProducer> producers = new ArrayList<>();
        for (Endpoint endpoint : getCamelContext().getEndpoints()) {
            if (endpoint instanceof IoTAnalyticsEndpoint iot) {
                producers.addAll(iot.runningProducers());
            }
        }
        return producers;
    }
}
