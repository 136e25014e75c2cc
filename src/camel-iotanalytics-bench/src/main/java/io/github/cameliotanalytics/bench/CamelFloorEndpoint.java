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
 * The endpoint of the two floor cases, which store nothing:
 * <ul>
 * <li>{@code camel-floor}: its producer completes each exchange at once, on the sender's thread. What the senders
 * spend on it is Camel's own cost per exchange (the exchange, the template, the unit of work, the callback and the
 * future), which any producer pays;</li>
 * <li>{@code camel-async-floor}: its producer ({@link CompletingElsewhere}) completes the exchanges from a thread of
 * its own, {@value CompletingElsewhere#GROUP} at a time, as an answer does, with no lock shared by the senders: what
 * any producer that completes an exchange when an answer arrives also pays, beyond {@code camel-floor}.</li>
 * </ul>
 */
final class CamelFloorEndpoint extends DefaultEndpoint {

    private final boolean async;

    CamelFloorEndpoint(CamelContext context, boolean async) {
        super(async ? "camel-async-floor://bench" : "camel-floor://bench", null);
        this.async = async;
        setCamelContext(context);
    }

    @Override
    public Producer createProducer() {
        return async ? new CompletingElsewhere(this) : new DefaultAsyncProducer(this) {
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
