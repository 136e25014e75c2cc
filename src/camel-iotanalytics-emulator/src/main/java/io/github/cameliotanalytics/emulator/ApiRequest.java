package io.github.cameliotanalytics.emulator;

import java.util.Map;

/**
 * A call routed to an operation.
 *
 * @param operation   the operation its method and path name
 * @param channelName the {@code {channelName}} label of the path, or {@code null} when the path has none
 * @param query       the query parameters, decoded (the first value of a repeated parameter)
 * @param body        the request body
 */
record ApiRequest(Operation operation, String channelName, Map<String, String> query, byte[] body) {
}
