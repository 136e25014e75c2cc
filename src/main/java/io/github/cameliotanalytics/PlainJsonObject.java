package io.github.cameliotanalytics;

/**
 * The fast path of {@link MessageRules#checkPayload}: tells, without a JSON parser and with almost no allocation,
 * that a payload is a plain, well-formed JSON object whose field names all follow the rules. It answers {@code true}
 * only for such payloads; for anything else (a broken rule, a syntax error, or merely something it does not handle:
 * non-ASCII bytes, {@code \}{@code u} escapes, objects of more than {@value #MAX_LINEAR_NAMES} fields, nesting deeper
 * than {@value #MAX_DEPTH}, several root values, long numbers) it answers {@code false} and the payload goes through
 * the parser, which finds the exact violation, or none. So the answer never differs from the parser's.
 * <p>
 * Grammar: RFC 8259 JSON, with field names restricted to {@code [A-Za-z0-9_]} (which the rules require anyway).
 */
final class PlainJsonObject {

    static final int MAX_DEPTH = 64;
    /** ASCII bytes allowed in a field name: letters, digits and '_'. */
    private static final boolean[] NAME_BYTES = new boolean[128];
    /** ASCII bytes that stand for themselves in a string: printable, not '"' nor '\\'. */
    private static final boolean[] PLAIN_STRING_BYTES = new boolean[128];

    static {
        for (int c = 0; c < 128; c++) {
            NAME_BYTES[c] = isLetter((byte) c) || isDigit((byte) c) || c == '_';
            PLAIN_STRING_BYTES[c] = c >= 0x20 && c != '"' && c != '\\';
        }
    }

    static final int MAX_LINEAR_NAMES = 16;
    private static final int MAX_NUMBER_LENGTH = 100;

    private final byte[] json;
    private int pos;
    /** The names of the open objects, as start offset << 32 | length. */
    private long[] names = new long[MAX_LINEAR_NAMES];
    private int nameCount;

    private PlainJsonObject(byte[] json) {
        this.json = json;
    }

    /** True when the payload is one well-formed JSON object (between whitespace) whose field names are all valid. */
    static boolean isValid(byte[] payload) {
        PlainJsonObject scan = new PlainJsonObject(payload);
        scan.skipWhitespace();
        if (scan.pos >= payload.length || payload[scan.pos] != '{' || !scan.object(1)) {
            return false;
        }
        scan.skipWhitespace();
        return scan.pos == payload.length;
    }

    private boolean value(int depth) {
        if (pos >= json.length) {
            return false;
        }
        return switch (json[pos]) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        };
    }

    private boolean object(int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        pos++; // {
        skipWhitespace();
        if (pos < json.length && json[pos] == '}') {
            pos++;
            return true;
        }
        int first = nameCount;
        while (true) {
            if (pos >= json.length || json[pos] != '"' || !name(first)) {
                return false;
            }
            skipWhitespace();
            if (pos >= json.length || json[pos] != ':') {
                return false;
            }
            pos++;
            skipWhitespace();
            if (!value(depth)) {
                return false;
            }
            skipWhitespace();
            if (pos >= json.length) {
                return false;
            }
            byte next = json[pos++];
            if (next == '}') {
                nameCount = first;
                return true;
            }
            if (next != ',') {
                return false;
            }
            skipWhitespace();
        }
    }

    private boolean array(int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        pos++; // [
        skipWhitespace();
        if (pos < json.length && json[pos] == ']') {
            pos++;
            return true;
        }
        while (true) {
            if (!value(depth)) {
                return false;
            }
            skipWhitespace();
            if (pos >= json.length) {
                return false;
            }
            byte next = json[pos++];
            if (next == ']') {
                return true;
            }
            if (next != ',') {
                return false;
            }
            skipWhitespace();
        }
    }

    /** A field name that follows the rules and is not already a name of the object (ignoring case). */
    private boolean name(int firstOfObject) {
        int start = ++pos;
        byte c;
        while (pos < json.length && (c = json[pos]) != '"') {
            if (c < 0 || !NAME_BYTES[c]) {
                return false;
            }
            pos++;
        }
        if (pos >= json.length) {
            return false;
        }
        int length = pos - start;
        pos++; // closing quote
        if (length == 0 || length > MessageRules.MAX_FIELD_NAME_LENGTH
                || !(isLetter(json[start]) || json[start] == '_')
                || length > 1 && json[start + 1] == '_') {
            return false;
        }
        if (nameCount - firstOfObject >= MAX_LINEAR_NAMES) {
            return false;
        }
        for (int i = firstOfObject; i < nameCount; i++) {
            if (sameIgnoringCase(names[i], start, length)) {
                return false;
            }
        }
        if (nameCount == names.length) {
            names = java.util.Arrays.copyOf(names, nameCount * 2);
        }
        names[nameCount++] = (long) start << 32 | length;
        return true;
    }

    private boolean sameIgnoringCase(long name, int start, int length) {
        if ((int) name != length) {
            return false;
        }
        int other = (int) (name >>> 32);
        for (int i = 0; i < length; i++) {
            // ASCII letters, digits and '_' only: setting bit 0x20 folds the case of letters and changes no other
            // character of the set into another one of it
            if ((json[other + i] | 0x20) != (json[start + i] | 0x20)) {
                return false;
            }
        }
        return true;
    }

    /** A string value: printable ASCII, with the escapes of one character. */
    private boolean string() {
        pos++; // "
        while (pos < json.length) {
            byte c = json[pos++];
            if (c >= 0 && PLAIN_STRING_BYTES[c]) {
                continue;
            }
            if (c == '"') {
                return true;
            }
            if (c < 0x20) {
                // a control character, or (negative) a non-ASCII byte: the parser decides
                return false;
            }
            if (c == '\\') {
                if (pos >= json.length) {
                    return false;
                }
                byte escaped = json[pos++];
                boolean simple = escaped == '"' || escaped == '\\' || escaped == '/' || escaped == 'b'
                                 || escaped == 'f' || escaped == 'n' || escaped == 'r' || escaped == 't';
                if (!simple) {
                    return false;
                }
            }
        }
        return false;
    }

    private boolean literal(String word) {
        int length = word.length();
        if (pos + length > json.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (json[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        pos += length;
        return endsToken();
    }

    /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?} */
    private boolean number() {
        int start = pos;
        if (json[pos] == '-') {
            pos++;
        }
        if (pos >= json.length) {
            return false;
        }
        if (json[pos] == '0') {
            pos++;
        } else if (json[pos] >= '1' && json[pos] <= '9') {
            digits();
        } else {
            return false;
        }
        if (pos < json.length && json[pos] == '.') {
            pos++;
            if (digits() == 0) {
                return false;
            }
        }
        if (pos < json.length && (json[pos] == 'e' || json[pos] == 'E')) {
            pos++;
            if (pos < json.length && (json[pos] == '+' || json[pos] == '-')) {
                pos++;
            }
            if (digits() == 0) {
                return false;
            }
        }
        return pos - start <= MAX_NUMBER_LENGTH && endsToken();
    }

    private int digits() {
        int start = pos;
        while (pos < json.length && isDigit(json[pos])) {
            pos++;
        }
        return pos - start;
    }

    /** Whether a number or literal ends here: at a separator, whitespace or the end. */
    private boolean endsToken() {
        if (pos >= json.length) {
            return true;
        }
        byte c = json[pos];
        return c == ',' || c == '}' || c == ']' || isWhitespace(c);
    }

    private void skipWhitespace() {
        while (pos < json.length && isWhitespace(json[pos])) {
            pos++;
        }
    }

    private static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private static boolean isLetter(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
