package io.github.cameliotanalytics.emulator;

import java.util.List;

/** The operations the emulator implements, with the HTTP binding of the model's {@code http} block. */
enum Operation {
    BATCH_PUT_MESSAGE("BatchPutMessage", "POST", "/messages/batch", 200),
    CREATE_CHANNEL("CreateChannel", "POST", "/channels", 201),
    LIST_CHANNELS("ListChannels", "GET", "/channels", 200),
    DESCRIBE_CHANNEL("DescribeChannel", "GET", "/channels/{channelName}", 200),
    UPDATE_CHANNEL("UpdateChannel", "PUT", "/channels/{channelName}", 200),
    DELETE_CHANNEL("DeleteChannel", "DELETE", "/channels/{channelName}", 204),
    SAMPLE_CHANNEL_DATA("SampleChannelData", "GET", "/channels/{channelName}/sample", 200);

    static final String CHANNEL_NAME_LABEL = "{channelName}";

    private final String modelName;
    private final String method;
    private final String pathTemplate;
    private final List<String> templateSegments;
    private final int successStatus;

    Operation(String modelName, String method, String pathTemplate, int successStatus) {
        this.modelName = modelName;
        this.method = method;
        this.pathTemplate = pathTemplate;
        this.templateSegments = List.of(pathTemplate.substring(1).split("/"));
        this.successStatus = successStatus;
    }

    /** The operation's name in the model. */
    String modelName() {
        return modelName;
    }

    String method() {
        return method;
    }

    /** Whether some operation is called with this HTTP method. */
    static boolean anyUses(String method) {
        for (Operation operation : values()) {
            if (operation.method.equals(method)) {
                return true;
            }
        }
        return false;
    }

    /** The model's {@code requestUri}. */
    String pathTemplate() {
        return pathTemplate;
    }

    /** The model's {@code responseCode}. */
    int successStatus() {
        return successStatus;
    }

    /**
     * Matches decoded path segments against the template.
     *
     * @return the channel name for templates with a label, {@code ""} for templates without one, {@code null} when the
     *         path does not match
     */
    String match(List<String> segments) {
        if (segments.size() != templateSegments.size()) {
            return null;
        }
        String channelName = "";
        for (int i = 0; i < segments.size(); i++) {
            String expected = templateSegments.get(i);
            String actual = segments.get(i);
            if (expected.equals(CHANNEL_NAME_LABEL)) {
                if (actual.isEmpty()) {
                    return null;
                }
                channelName = actual;
            } else if (!expected.equals(actual)) {
                return null;
            }
        }
        return channelName;
    }
}
