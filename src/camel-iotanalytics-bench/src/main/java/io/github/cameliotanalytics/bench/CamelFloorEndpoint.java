package io.github.cameliotanalytics.bench;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * The {@code camel-floor} case: an asynchronous endpoint whose producer completes each exchange at once, on the
 * sender's thread. What the senders spend on it is Camel's own cost per exchange (the exchange, the template, the unit
 * of work, the callback and the future), which any producer pays.
 */
final class CamelFloorEndpoint extends DefaultEndpoint {

    CamelFloorEndpoint(CamelContext context) {
        super("camel-floor://bench", null);
        setCamelContext(context);
    }

    @Override
    public Producer createProducer() {
        return new DefaultAsyncProducer(this) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                callback.done(true);
                return true;
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("camel-floor has no consumer");
    }
}
