package io.github.cameliotanalytics.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

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
 * <li>{@code camel-async-floor}: its producer queues each exchange's callback (at most {@value #QUEUE} at once, the
 * sender waits for room) and one thread of its own completes them, up to 100 at a time, from that thread: what any
 * producer that completes an exchange when an answer arrives also pays, beyond {@code camel-floor} (the hand-off,
 * and Camel's completion of an exchange from a thread other than its sender's).</li>
 * </ul>
 */
final class CamelFloorEndpoint extends DefaultEndpoint {

    /** The callbacks the asynchronous floor holds at most: the component's default {@code maxPendingMessages}. */
    static final int QUEUE = 1000;
    /** The name of the asynchronous floor's completing thread. */
    static final String COMPLETER = "async-floor-completer";

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

    /** Completes the exchanges on a thread of its own, in the order they came. */
    private static final class CompletingElsewhere extends DefaultAsyncProducer {

        private final BlockingQueue<AsyncCallback> callbacks = new ArrayBlockingQueue<>(QUEUE);
        private Thread completer;

        CompletingElsewhere(CamelFloorEndpoint endpoint) {
            super(endpoint);
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            completer = new Thread(this::complete, COMPLETER);
            completer.setDaemon(true);
            completer.start();
        }

        @Override
        protected void doStop() throws Exception {
            completer.interrupt();
            completer.join();
            // whatever the completer left: completed here, so that no sender waits for ever
            List<AsyncCallback> left = new ArrayList<>();
            callbacks.drainTo(left);
            left.forEach(callback -> callback.done(false));
            super.doStop();
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            try {
                callbacks.put(callback);
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.setException(e);
                callback.done(true);
                return true;
            }
        }

        private void complete() {
            List<AsyncCallback> batch = new ArrayList<>(100);
            try {
                while (true) {
                    batch.add(callbacks.take());
                    callbacks.drainTo(batch, 99);
                    batch.forEach(callback -> callback.done(false));
                    batch.clear();
                }
            } catch (InterruptedException e) {
                // stopping: doStop completes the rest
            }
        }
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("camel-floor has no consumer");
    }
}
