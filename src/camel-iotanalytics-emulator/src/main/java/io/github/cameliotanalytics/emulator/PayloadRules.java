package io.github.cameliotanalytics.emulator;

import java.io.IOException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * The service's rules for one message, written from the API model and the BatchPutMessage reference: the messageId
 * (model shape {@code MessageId}: 1 to 128 characters, {@code \p{ASCII}*}) and the payload (at most 128 KB; in a
 * JSON object payload, every field name matches the documented pattern, has at most 255 characters and is not
 * repeated, ignoring case). A payload that is not a JSON object is binary data for the service: it has no field names.
 */
final class PayloadRules {

    /** The API's limit on messages per BatchPutMessage call. */
    static final int MAX_MESSAGES_PER_BATCH = 100;
    /** The published quota on one message: 128 KB. */
    static final int MAX_PAYLOAD_BYTES = 128 * 1024;
    static final int MAX_FIELD_NAME_LENGTH = 255;
    /** The field-name pattern of the BatchPutMessage reference, as it is written there. */
    static final Pattern FIELD_NAME = Pattern.compile("^[A-Za-z_]([A-Za-z0-9]*|[A-Za-z0-9][A-Za-z0-9_]*)$");
    private static final Pattern ASCII = Pattern.compile("\\p{ASCII}*");
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private PayloadRules() {
    }

    /** Why a messageId breaks the model's constraints, or {@code null}. */
    static String checkMessageId(String messageId) {
        if (messageId == null) {
            return "Member must not be null";
        }
        if (messageId.isEmpty() || messageId.length() > 128) {
            return "Member must have length between 1 and 128";
        }
        if (!ASCII.matcher(messageId).matches()) {
            return "Member must satisfy regular expression pattern: \\p{ASCII}*";
        }
        return null;
    }

    /** Why a payload breaks the service's rules, or {@code null}. */
    static String checkPayload(byte[] payload) {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            return "The payload has " + payload.length + " bytes; a message may have at most " + MAX_PAYLOAD_BYTES;
        }
        try (JsonParser parser = JSON.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            return checkObject(parser);
        } catch (IOException notJson) {
            // not JSON, or JSON that the service would take as binary data
            return null;
        }
    }

    /** Checks the field names of the object the parser is at, and of every object nested in it. */
    private static String checkObject(JsonParser parser) throws IOException {
        Set<String> names = new HashSet<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String violation = checkFieldName(name);
            if (violation == null && !names.add(name.toLowerCase(Locale.ROOT))) {
                violation = "Field name '" + name + "' is used twice in one object (field names are case insensitive)";
            }
            if (violation != null) {
                return violation;
            }
            violation = checkValue(parser, parser.nextToken());
            if (violation != null) {
                return violation;
            }
        }
        return token == JsonToken.END_OBJECT ? null : "The payload is not a complete JSON object";
    }

    private static String checkValue(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.START_OBJECT) {
            return checkObject(parser);
        }
        if (token == JsonToken.START_ARRAY) {
            JsonToken element;
            while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                String violation = checkValue(parser, element);
                if (violation != null) {
                    return violation;
                }
            }
        }
        return null;
    }

    private static String checkFieldName(String name) {
        if (name.length() > MAX_FIELD_NAME_LENGTH) {
            return "Field name '" + name.substring(0, 32) + "...' has " + name.length() + " characters; at most "
                    + MAX_FIELD_NAME_LENGTH + " are allowed";
        }
        if (!FIELD_NAME.matcher(name).matches()) {
            return "Field name '" + name + "' does not match " + FIELD_NAME.pattern();
        }
        return null;
    }
}
