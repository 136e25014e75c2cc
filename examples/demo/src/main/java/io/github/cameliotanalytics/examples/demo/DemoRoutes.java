package io.github.cameliotanalytics.examples.demo;

import io.github.cameliotanalytics.IoTAnalyticsConstants;
import io.github.cameliotanalytics.MessageNotDeliveredException;
import org.apache.camel.builder.RouteBuilder;

/**
 * Two routes: the devices put their readings on a SEDA queue, and four consumer threads of that queue send them to
 * the channel. The {@code iotanalytics:} producer is asynchronous and the SEDA consumer routes asynchronously: a
 * consumer thread hands a reading over and takes the next one at once, and the producer packs the readings of all four
 * threads into BatchPutMessage calls of up to {@code batchSize} messages. Each exchange completes when its own message
 * is stored or rejected.
 */
public class DemoRoutes extends RouteBuilder {

    public static final String DEVICES_ROUTE = "devices";
    public static final String SEND_ROUTE = "send";

    private final DemoSettings settings;
    private final DeviceSimulator devices;
    private final Rejections rejections;

    public DemoRoutes(DemoSettings settings, DeviceSimulator devices, Rejections rejections) {
        this.settings = settings;
        this.devices = devices;
        this.rejections = rejections;
    }

    /** The endpoint the readings go to. */
    public String sendUri() {
        return "iotanalytics:" + settings.channel()
               + "?batchSize=100"          // messages per BatchPutMessage call (100 is the API limit)
               + "&batchTimeout=50"        // ms the oldest reading waits for its batch to fill
               + "&maxInFlightBatches=4"   // calls in flight at once
               + "&failOnErrorEntry=false"; // a rejected reading gets error headers instead of an exception
    }

    @Override
    public void configure() {
        // a failure that is not one reading's fault (DeliveryTimeout, BufferFull, a call that kept failing)
        // still raises MessageNotDeliveredException; count it and go on
        onException(MessageNotDeliveredException.class)
                .handled(true)
                .process(rejections::record);

        // every period, each device takes a reading; started once the channel exists
        from("timer:devices?period=" + settings.period().toMillis())
                .routeId(DEVICES_ROUTE)
                .autoStartup(false)
                .process(devices::readAll)
                .split(body())
                    // a full queue (10,000 readings) makes the devices wait
                    .to("seda:readings?size=10000&blockWhenFull=true");

        from("seda:readings?size=10000&concurrentConsumers=4")
                .routeId(SEND_ROUTE)
                .to(sendUri())
                // with failOnErrorEntry=false, a reading the service (or the producer's check) rejected
                // carries CamelIoTAnalyticsErrorCode and CamelIoTAnalyticsErrorMessage
                .filter(header(IoTAnalyticsConstants.ERROR_CODE).isNotNull())
                    .process(rejections::record);
    }
}
