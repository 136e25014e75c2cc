package io.github.cameliotanalytics.emulator;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * The service's rules for one message, written from the API model and the BatchPutMessage reference: the messageId
 * (model shape {@code MessageId}: 1 to 128 characters, {@code \p{ASCII}*}) and the payload (at most 128 KB; in a
 * JSON object payload, every field name matches the documented pattern, has at most 255 characters and is not
 * repeated in its object, ignoring case).
 * <p>
 * Where the model is silent: a payload is a JSON object when all of it, read as UTF-8, is exactly one JSON object
 * (RFC 8259, surrounding whitespace allowed); then the rules apply to the names of that object and of every object
 * nested in it, also inside arrays, at any depth. Any other payload (a JSON array, string, number, invalid JSON, text,
 * binary data, no bytes at all) is binary data for the service: it has no field names and only its size counts.
 */
final class PayloadRules {

    /** The API's limit on messages per BatchPutMessage call. */
    static final int MAX_MESSAGES_PER_BATCH = 100;
    /** The published quota on one message: 128 KB. */
    static final int MAX_PAYLOAD_BYTES = 128 * 1024;
    static final int MAX_MESSAGE_ID_LENGTH = 128;
    static final int MAX_FIELD_NAME_LENGTH = 255;
    /** The field-name pattern of the BatchPutMessage reference, as it is written there. */
    static final Pattern FIELD_NAME = Pattern.compile("^[A-Za-z_]([A-Za-z0-9]*|[A-Za-z0-9][A-Za-z0-9_]*)$");
    private static final Pattern ASCII = Pattern.compile("\\p{ASCII}*");
    /** No parser limit below the payload's own size, so that a legal payload is never taken for binary data. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_PAYLOAD_BYTES)
                    .maxNameLength(MAX_PAYLOAD_BYTES)
                    .maxNumberLength(MAX_PAYLOAD_BYTES)
                    .maxStringLength(MAX_PAYLOAD_BYTES)
                    .build())
            .build();

    private PayloadRules() {
    }

    /** Why a messageId breaks the model's constraints, or {@code null}. */
    static String checkMessageId(String messageId) {
        if (messageId == null) {
            return "Member must not be null";
        }
        if (messageId.isEmpty() || messageId.length() > MAX_MESSAGE_ID_LENGTH) {
            return "Member must have length between 1 and " + MAX_MESSAGE_ID_LENGTH;
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
        if (!startsAnObject(payload)) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(payload)) {
            String violation = checkFieldNames(parser);
            // a violation counts only when the whole payload is one JSON object
            return parser.nextToken() == null ? violation : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    /** Whether the first byte that is not JSON whitespace is '{' (so UTF-16 and UTF-32 text is binary data). */
    private static boolean startsAnObject(byte[] payload) {
        for (byte b : payload) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return false;
    }

    /**
     * Reads the object the payload starts with to its end, and returns the first field name that breaks a rule, or
     * {@code null}. Objects nest without recursion: each open object has its set of lower-case names on the stack.
     */
    private static String checkFieldNames(JsonParser parser) throws IOException {
        Deque<Set<String>> openObjects = new ArrayDeque<>();
        String violation = null;
        JsonToken token = parser.nextToken();
        do {
            if (token == JsonToken.START_OBJECT) {
                openObjects.push(new HashSet<>());
            } else if (token == JsonToken.END_OBJECT) {
                openObjects.pop();
            } else if (token == JsonToken.FIELD_NAME && violation == null) {
                String name = parser.currentName();
                violation = checkFieldName(name);
                if (violation == null && !openObjects.peek().add(name.toLowerCase(Locale.ROOT))) {
                    violation = "Field name '" + name
                            + "' is used twice in one object (field names are case insensitive)";
                }
            }
        } while (!openObjects.isEmpty() && (token = parser.nextToken()) != null);
        if (!openObjects.isEmpty()) {
            throw new IOException("The payload ends inside a JSON object");
        }
        return violation;
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
