package io.github.cameliotanalytics;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health check, JMX attributes and dev console of the producer.
 */
class ObservabilityTest extends EmulatorTestSupport {

    @Override
    void configure(CamelContext context) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:jmx").to("iotanalytics:" + CHANNEL + "?batchTimeout=10");
            }
        });
        HealthCheckRegistry registry = new DefaultHealthCheckRegistry();
        registry.setCamelContext(context);
        HealthCheckRepository producers = (HealthCheckRepository) registry.resolveById("producers");
        producers.setEnabled(true);
        registry.register(producers);
        context.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, registry);
    }

    private HealthCheck.Result health() {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invokeReadiness(context);
        return results.stream().filter(r -> r.getCheck().getId().startsWith("producer:iotanalytics"))
                .findFirst().orElseThrow();
    }

    @Test
    void healthIsDownForAMissingChannelAndUpAgainWhenCallsSucceed() {
        String uri = "iotanalytics:late_channel?batchTimeout=10";
        assertThat(send(uri, "{\"a\":1}").getException()).isNotNull();

        HealthCheck.Result down = health();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getDetails()).containsEntry("error.code", "ResourceNotFoundException")
                .containsEntry("channel", "late_channel");

        emulator().createChannel("late_channel");
        assertThat(send(uri, "{\"a\":1}").getException()).isNull();
        assertThat(health().getState()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void healthIsDownWhenTheCredentialsAreRefused() {
        String uri = "iotanalytics:" + CHANNEL + "?batchTimeout=10&secretKey=wrong";

        Exchange refused = send(uri, "{\"a\":1}");

        assertThat(refused.getException(MessageNotDeliveredException.class).getErrorCode())
                .isEqualTo("InvalidSignatureException");
        assertThat(health().getState()).isEqualTo(HealthCheck.State.DOWN);
    }

    @Test
    void jmxShowsTheBufferAndTheCounters() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(send("direct:jmx", "{\"a\":" + i + "}").getException()).isNull();
        }
        assertThat(send("direct:jmx", "{\"a-b\":1}").getException()).isNotNull();

        MBeanServer mbeans = context.getManagementStrategy().getManagementAgent().getMBeanServer();
        Set<ObjectName> names = mbeans.queryNames(new ObjectName("org.apache.camel:type=producers,*"), null);
        ObjectName producer = names.stream()
                .filter(n -> n.getKeyProperty("name").startsWith("IoTAnalyticsProducer")).findFirst()
                .orElseThrow(() -> new AssertionError("no iotanalytics producer MBean in " + names));
        assertThat(mbeans.getAttribute(producer, "MessagesSent")).isEqualTo(3L);
        assertThat(mbeans.getAttribute(producer, "MessagesFailed")).isEqualTo(1L);
        assertThat(mbeans.getAttribute(producer, "BatchesSent")).isEqualTo(3L);
        assertThat(mbeans.getAttribute(producer, "PendingMessages")).isEqualTo(0);
        assertThat(mbeans.getAttribute(producer, "WaitingSenders")).isEqualTo(0);
        assertThat(mbeans.getAttribute(producer, "SendWindow")).isEqualTo(4); // the initial window: three calls judge no round
        assertThat((String) mbeans.getAttribute(producer, "ErrorsByCode")).contains("InvalidRequestException=1");
    }

    @Test
    void devConsoleShowsEachProducer() {
        assertThat(send("direct:jmx", "{\"a\":1}").getException()).isNull();
        IoTAnalyticsDevConsole console = new IoTAnalyticsDevConsole();
        console.setCamelContext(context);

        String text = (String) console.call(DevConsole.MediaType.TEXT, Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) console.call(DevConsole.MediaType.JSON, Map.of());

        assertThat(text).contains("Channel: " + CHANNEL).contains("Sent: 1 messages in 1 batches")
                .contains("0 senders waiting for room");
        assertThat(json.get("producers").toString()).contains("messagesSent=1");
    }
}
