package io.github.cameliotanalytics.examples.storeandforward;

import io.github.cameliotanalytics.IoTAnalyticsConstants;
import io.github.cameliotanalytics.dsl.IoTAnalyticsEndpointBuilderFactory.IoTAnalyticsBuilders;
import org.apache.camel.BeanInject;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * Simulated devices send readings to an IoT Analytics channel through the endpoint's durable spool (store and
 * forward): each exchange completes once its reading is written to the spool, and the spool's forwarder sends the
 * readings on, at once while the service answers, later when it is away. A second route plays an outage of the
 * embedded emulator; a third logs what the spool holds.
 */
public class ReadingsRoutes extends EndpointRouteBuilder implements IoTAnalyticsBuilders {

    @BeanInject("emulator")
    EmbeddedEmulator emulator;

    @Override
    public void configure() {
        // {{devices}} devices, one reading each every {{readings.period}} ms
        from(timer("devices").period("{{readings.period}}"))
                .routeId("devices")
                .autoStartup("{{readings.simulate}}")
                .loop(simple("{{devices}}"))
                    .setHeader(IoTAnalyticsConstants.ORDER_KEY, simple("device-${exchangeProperty.CamelLoopIndex}"))
                    .setBody(simple("{\"deviceId\":\"${header.CamelIoTAnalyticsOrderKey}\","
                                    + "\"temperature\":${random(150,300)}}"))
                    .to(direct("readings"))
                .end();

        // the order key (header CamelIoTAnalyticsOrderKey, here the device) is written with each reading: the
        // readings of one device are forwarded one group at a time, in the order they were spooled
        from(direct("readings"))
                .routeId("readings")
                .to(iotanalytics("{{iotanalytics.channel}}")
                        .spoolDirectory("{{spool.directory}}")         // one directory per endpoint
                        .spoolMaxBytes("{{spool.max-bytes}}")          // then new readings are refused (SpoolFull)
                        .spoolMaxRetryDelay("{{spool.max-retry-delay}}") // the longest pause while the service is away
                        .spoolHealthMaxAge("{{spool.health-max-age}}")); // health DOWN past this age of the oldest

        // the outage: the emulator stops, the readings wait in the spool; it comes back, the spool drains
        from(timer("outage").delay("{{outage.after}}").repeatCount(1))
                .routeId("outage")
                .autoStartup("{{outage.enabled}}")
                .log("The emulator stops for {{outage.duration}} ms: the readings wait in the spool")
                .process(exchange -> emulator.stop())
                .delay(simple("{{outage.duration}}"))
                .process(exchange -> emulator.start())
                .log("The emulator is back: the forwarder sends what the spool holds");

        from(timer("status").period("{{status.period}}"))
                .routeId("status")
                .autoStartup("{{status.enabled}}")
                .process(new SpoolStatusLine(emulator))
                .log("${body}");
    }
}
