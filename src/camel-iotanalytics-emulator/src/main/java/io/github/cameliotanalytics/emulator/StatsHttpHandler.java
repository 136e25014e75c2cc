package io.github.cameliotanalytics.emulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Serves the {@link Stats} as JSON at {@value #STATS_PATH}, unsigned, on the emulator's port. No path of the IoT
 * Analytics model starts with {@value #CONTEXT}, so this path cannot hide an operation.
 */
final class StatsHttpHandler implements HttpHandler {

    /** The prefix of the emulator's own paths. */
    static final String CONTEXT = "/_emulator/";
    /** {@code GET} answers the stats as JSON. */
    static final String STATS_PATH = CONTEXT + "stats";

    private final Stats stats;

    StatsHttpHandler(Stats stats) {
        this.stats = stats;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String requestId = UUID.randomUUID().toString();
        String path = exchange.getRequestURI().getPath();
        if (!STATS_PATH.equals(path)) {
            Responses.sendError(exchange, requestId, new ApiException(ServiceError.UNKNOWN_OPERATION,
                    "No emulator path " + path + "; the stats are at GET " + STATS_PATH));
        } else if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET");
            Responses.sendError(exchange, requestId, new ApiException(ServiceError.METHOD_NOT_ALLOWED,
                    "Method " + exchange.getRequestMethod() + " is not allowed on " + path + "; use GET"));
        } else {
            Responses.send(exchange, requestId, 200, json(stats));
        }
    }

    /** The stats as the JSON document {@code docs/emulator.md} describes. */
    static Map<String, Object> json(Stats stats) {
        Map<String, Long> histogram = new LinkedHashMap<>();
        long answeredCalls = 0;
        for (Map.Entry<Integer, Long> entry : stats.batchSizeHistogram().entrySet()) {
            histogram.put(entry.getKey().toString(), entry.getValue());
            answeredCalls += entry.getValue();
        }
        Map<String, Long> faults = new LinkedHashMap<>();
        stats.injectedFaults().forEach((fault, calls) -> faults.put(fault.name(), calls));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("batchCalls", stats.batchCalls());
        json.put("answeredCalls", answeredCalls);
        json.put("messagesAccepted", stats.messagesAccepted());
        json.put("messagesRejected", stats.messagesRejected());
        json.put("throttledCalls", stats.throttledCalls());
        json.put("injectedFaults", faults);
        json.put("batchSizeHistogram", histogram);
        json.put("channels", stats.byChannel());
        return json;
    }
}
