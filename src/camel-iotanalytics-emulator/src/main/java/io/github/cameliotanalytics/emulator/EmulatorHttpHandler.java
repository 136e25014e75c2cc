package io.github.cameliotanalytics.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Handles every HTTP call: reads the body (refusing one larger than the cap with 413 before reading it), checks the
 * signature (when credentials are set), routes to the operation (an unknown method or path is an
 * {@code UnknownOperationException}), injects the faults of BatchPutMessage calls and answers. Delays are waited out on a timer, not in a worker thread,
 * so that slow calls hold no thread and no lock.
 */
final class EmulatorHttpHandler implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(EmulatorHttpHandler.class.getName());

    private final SigV4Verifier verifier;
    private final Map<Operation, OperationHandler> operations;
    private final Faults faults;
    private final Stats stats;
    private final ScheduledExecutorService timer;
    private final Executor workers;
    private final int maxRequestBytes;

    /**
     * @param verifier        the signature check, or {@code null} to accept every call
     * @param operations      the handler of each operation
     * @param maxRequestBytes the largest request body read
     */
    EmulatorHttpHandler(SigV4Verifier verifier, Map<Operation, OperationHandler> operations, Faults faults,
                        Stats stats, ScheduledExecutorService timer, Executor workers, int maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
        this.verifier = verifier;
        this.operations = operations;
        this.faults = faults;
        this.stats = stats;
        this.timer = timer;
        this.workers = workers;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String requestId = UUID.randomUUID().toString();
        ApiRequest request;
        try {
            byte[] body = readBody(exchange);
            // a method no operation uses cannot be signed for one: it is an unknown operation, signed or not
            if (verifier != null && Operation.anyUses(exchange.getRequestMethod())) {
                verifier.verify(exchange, body);
            }
            request = Router.route(exchange.getRequestMethod(), exchange.getRequestURI(), body);
        } catch (ApiException e) {
            Responses.sendError(exchange, requestId, e);
            return;
        } catch (IOException clientGone) {
            exchange.close();
            return;
        } catch (RuntimeException e) {
            fail(exchange, requestId, e);
            return;
        }
        if (request.operation() == Operation.BATCH_PUT_MESSAGE) {
            stats.recordCall();
            CallPlan plan = faults.nextCall();
            if (plan.fault() != Fault.OK) {
                stats.recordFault(plan.fault());
            }
            handleWithFaults(exchange, requestId, request, plan);
        } else {
            answer(exchange, requestId, request);
        }
    }

    /**
     * The request body, read only when it is at most {@code maxRequestBytes}: a larger Content-Length is refused before
     * any of the body is read, and a chunked body as soon as it goes past the cap.
     *
     * @throws ApiException 413 RequestEntityTooLargeException; the connection is then closed
     */
    private byte[] readBody(HttpExchange exchange) throws IOException {
        String contentLength = exchange.getRequestHeaders().getFirst("Content-Length");
        if (contentLength != null) {
            try {
                if (Long.parseLong(contentLength.trim()) > maxRequestBytes) {
                    throw tooLarge(exchange, contentLength.trim() + " bytes");
                }
            } catch (NumberFormatException malformed) {
                // the JDK's server has already refused a malformed Content-Length
            }
        }
        InputStream in = exchange.getRequestBody();
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8L, maxRequestBytes + 1L));
        if (body.length > maxRequestBytes) {
            throw tooLarge(exchange, "more than " + maxRequestBytes + " bytes");
        }
        return body;
    }

    private ApiException tooLarge(HttpExchange exchange, String size) {
        // the rest of the body is not read: the connection cannot carry another request
        exchange.getResponseHeaders().set("Connection", "close");
        return new ApiException(ServiceError.REQUEST_ENTITY_TOO_LARGE, "The request body has " + size
                + "; the emulator accepts at most " + maxRequestBytes + " (option maxRequestBytes)");
    }

    private void handleWithFaults(HttpExchange exchange, String requestId, ApiRequest request, CallPlan plan) {
        Runnable act = () -> act(exchange, requestId, request, plan.fault());
        if (plan.delay().isZero()) {
            act.run();
            return;
        }
        Runnable later = plan.fault() == Fault.HANG ? exchange::close : () -> workers.execute(act);
        try {
            timer.schedule(later, plan.delay().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            exchange.close();
        }
    }

    private void act(HttpExchange exchange, String requestId, ApiRequest request, Fault fault) {
        switch (fault) {
            case OK -> answer(exchange, requestId, request);
            case THROTTLE -> injected(exchange, requestId, ServiceError.THROTTLING, "Rate exceeded");
            case UNAVAILABLE -> injected(exchange, requestId, ServiceError.SERVICE_UNAVAILABLE, "Service unavailable");
            case INTERNAL_FAILURE -> injected(exchange, requestId, ServiceError.INTERNAL_FAILURE, "Internal failure");
            case DROP_CONNECTION, HANG -> exchange.close();
        }
    }

    private static void injected(HttpExchange exchange, String requestId, ServiceError error, String message) {
        Responses.sendError(exchange, requestId,
                new ApiException(error, message + " (fault injected by the emulator)"));
    }

    private void answer(HttpExchange exchange, String requestId, ApiRequest request) {
        Operation operation = request.operation();
        Object body;
        try {
            body = operations.get(operation).handle(request);
        } catch (ApiException e) {
            Responses.sendError(exchange, requestId, e);
            return;
        } catch (RuntimeException e) {
            fail(exchange, requestId, e);
            return;
        }
        Responses.send(exchange, requestId, operation.successStatus(), body);
    }

    private static void fail(HttpExchange exchange, String requestId, RuntimeException e) {
        LOG.log(Level.WARNING, "Request " + requestId + " failed in the emulator", e);
        Responses.sendError(exchange, requestId, new ApiException(ServiceError.INTERNAL_FAILURE,
                "The emulator failed on this request (" + e.getClass().getSimpleName() + "); request id " + requestId));
    }
}
