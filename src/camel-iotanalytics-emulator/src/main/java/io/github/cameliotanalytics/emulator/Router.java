package io.github.cameliotanalytics.emulator;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Finds the operation of a call from its method and path. */
final class Router {

    private Router() {
    }

    /**
     * Routes a call.
     *
     * @throws ApiException {@code UnknownOperationException} 404 when no operation has this path, 405 when one has it
     *                      with another method
     */
    static ApiRequest route(String method, URI uri, byte[] body) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        List<String> segments = List.of((path.startsWith("/") ? path.substring(1) : path).split("/", -1));
        boolean pathKnown = false;
        for (Operation operation : Operation.values()) {
            String channelName = operation.match(segments);
            if (channelName != null) {
                pathKnown = true;
                if (operation.method().equals(method)) {
                    return new ApiRequest(operation, channelName.isEmpty() ? null : channelName,
                            parseQuery(uri.getRawQuery()), body);
                }
            }
        }
        if (pathKnown) {
            throw new ApiException(ServiceError.METHOD_NOT_ALLOWED,
                    "Method " + method + " is not allowed on " + path);
        }
        throw new ApiException(ServiceError.UNKNOWN_OPERATION, "No operation at " + method + " " + path
                + "; the emulator implements BatchPutMessage and the channel operations of AWS IoT Analytics");
    }

    /** Decodes a raw query string; a repeated parameter keeps its first value. */
    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            query.putIfAbsent(name, value);
        }
        return query;
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw ApiException.serialization("Malformed percent-encoding in the query string: " + raw);
        }
    }
}
