package io.github.cameliotanalytics;

import java.util.Arrays;

/**
 * The fast path of {@link MessageRules#checkPayload}: tells, without a JSON parser and with almost no allocation,
 * that a payload is a plain, well-formed JSON object whose field names all follow the rules. It answers {@code true}
 * only for such payloads; for anything else (a broken rule, a syntax error, or merely something it does not handle:
 * non-ASCII bytes, {@code \}{@code u} escapes, objects of more than {@value #MAX_LINEAR_NAMES} fields, nesting deeper
 * than {@value #MAX_DEPTH}, several root values, long numbers) it answers {@code false} and the payload goes through
 * the parser, which finds the exact violation, or none. So the answer never differs from the parser's.
 * <p>
 * Grammar: RFC 8259 JSON, with field names restricted to {@code [A-Za-z0-9_]} (which the rules require anyway). Each
 * step takes the offset where it starts and returns the offset after what it read, or {@link #NOT_PLAIN}: offsets
 * live in registers, not in a field.
 */
final class PlainJsonObject {

    static final int MAX_DEPTH = 64;
    static final int MAX_LINEAR_NAMES = 16;
    private static final int MAX_NUMBER_LENGTH = 100;
    private static final int NOT_PLAIN = -1;

    /** Bytes allowed in a field name: letters, digits and '_'; indexed by {@code b & 0xFF}. */
    private static final boolean[] NAME_BYTES = new boolean[256];
    /** Bytes that stand for themselves in a string: printable ASCII, not '"' nor '\\'. */
    private static final boolean[] PLAIN_STRING_BYTES = new boolean[256];
    /** Bytes that may follow '\\' in a string, except 'u' (left to the parser). */
    private static final boolean[] SIMPLE_ESCAPES = new boolean[256];

    static {
        for (int c = 0; c < 128; c++) {
            NAME_BYTES[c] = isLetter((byte) c) || isDigit((byte) c) || c == '_';
            PLAIN_STRING_BYTES[c] = c >= 0x20 && c != '"' && c != '\\';
        }
        for (char c : "\"\\/bfnrt".toCharArray()) {
            SIMPLE_ESCAPES[c] = true;
        }
    }

    private final byte[] json;
    /** The names of the open objects, as start offset << 32 | length. */
    private long[] names = new long[MAX_LINEAR_NAMES];
    private int nameCount;

    private PlainJsonObject(byte[] json) {
        this.json = json;
    }

    /** True when the payload is one well-formed JSON object (between whitespace) whose field names are all valid. */
    static boolean isValid(byte[] payload) {
        PlainJsonObject scan = new PlainJsonObject(payload);
        int p = scan.whitespace(0);
        if (p >= payload.length || payload[p] != '{') {
            return false;
        }
        p = scan.object(p, 1);
        return p != NOT_PLAIN && scan.whitespace(p) == payload.length;
    }

    private int value(int p, int depth) {
        if (p >= json.length) {
            return NOT_PLAIN;
        }
        return switch (json[p]) {
            case '{' -> object(p, depth + 1);
            case '[' -> array(p, depth + 1);
            case '"' -> string(p);
            case 't' -> literal(p, "true");
            case 'f' -> literal(p, "false");
            case 'n' -> literal(p, "null");
            default -> number(p);
        };
    }

    /** An object, from its '{'. */
    private int object(int p, int depth) {
        if (depth > MAX_DEPTH) {
            return NOT_PLAIN;
        }
        byte[] json = this.json;
        int n = json.length;
        p = whitespace(p + 1);
        if (p < n && json[p] == '}') {
            return p + 1;
        }
        int first = nameCount;
        while (true) {
            if (p >= n || json[p] != '"' || (p = name(p, first)) == NOT_PLAIN) {
                return NOT_PLAIN;
            }
            p = whitespace(p);
            if (p >= n || json[p] != ':') {
                return NOT_PLAIN;
            }
            p = value(whitespace(p + 1), depth);
            if (p == NOT_PLAIN || (p = whitespace(p)) >= n) {
                return NOT_PLAIN;
            }
            byte next = json[p++];
            if (next == '}') {
                nameCount = first;
                return p;
            }
            if (next != ',') {
                return NOT_PLAIN;
            }
            p = whitespace(p);
        }
    }

    /** An array, from its '['. */
    private int array(int p, int depth) {
        if (depth > MAX_DEPTH) {
            return NOT_PLAIN;
        }
        byte[] json = this.json;
        int n = json.length;
        p = whitespace(p + 1);
        if (p < n && json[p] == ']') {
            return p + 1;
        }
        while (true) {
            p = value(p, depth);
            if (p == NOT_PLAIN || (p = whitespace(p)) >= n) {
                return NOT_PLAIN;
            }
            byte next = json[p++];
            if (next == ']') {
                return p;
            }
            if (next != ',') {
                return NOT_PLAIN;
            }
            p = whitespace(p);
        }
    }

    /** A field name, from its '"', that follows the rules and is not already a name of the object (ignoring case). */
    private int name(int p, int firstOfObject) {
        byte[] json = this.json;
        int n = json.length;
        int start = p + 1;
        int end = start;
        while (end < n && NAME_BYTES[json[end] & 0xFF]) {
            end++;
        }
        if (end >= n || json[end] != '"') {
            return NOT_PLAIN;
        }
        int length = end - start;
        if (length == 0 || length > MessageRules.MAX_FIELD_NAME_LENGTH
                || !(isLetter(json[start]) || json[start] == '_')
                || length > 1 && json[start + 1] == '_'
                || nameCount - firstOfObject >= MAX_LINEAR_NAMES) {
            return NOT_PLAIN;
        }
        for (int i = firstOfObject; i < nameCount; i++) {
            if (sameIgnoringCase(names[i], start, length)) {
                return NOT_PLAIN;
            }
        }
        if (nameCount == names.length) {
            names = Arrays.copyOf(names, nameCount * 2);
        }
        names[nameCount++] = (long) start << 32 | length;
        return end + 1;
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

    /** A string value, from its '"': printable ASCII, with the escapes of one character. */
    private int string(int p) {
        byte[] json = this.json;
        int n = json.length;
        p++;
        while (p < n) {
            byte c = json[p++];
            if (PLAIN_STRING_BYTES[c & 0xFF]) {
                continue;
            }
            if (c == '"') {
                return p;
            }
            // a control character or a non-ASCII byte (the parser decides), or an escape
            if (c != '\\' || p >= n || !SIMPLE_ESCAPES[json[p++] & 0xFF]) {
                return NOT_PLAIN;
            }
        }
        return NOT_PLAIN;
    }

    private int literal(int p, String word) {
        int length = word.length();
        if (p + length > json.length) {
            return NOT_PLAIN;
        }
        for (int i = 0; i < length; i++) {
            if (json[p + i] != word.charAt(i)) {
                return NOT_PLAIN;
            }
        }
        return endsToken(p + length);
    }

    /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?} */
    private int number(int p) {
        byte[] json = this.json;
        int n = json.length;
        int start = p;
        if (json[p] == '-' && ++p >= n) {
            return NOT_PLAIN;
        }
        if (json[p] == '0') {
            p++;
        } else if (json[p] >= '1' && json[p] <= '9') {
            p = digits(p);
        } else {
            return NOT_PLAIN;
        }
        if (p < n && json[p] == '.') {
            int fraction = p + 1;
            if ((p = digits(fraction)) == fraction) {
                return NOT_PLAIN;
            }
        }
        if (p < n && (json[p] == 'e' || json[p] == 'E')) {
            p++;
            if (p < n && (json[p] == '+' || json[p] == '-')) {
                p++;
            }
            int exponent = p;
            if ((p = digits(exponent)) == exponent) {
                return NOT_PLAIN;
            }
        }
        return p - start <= MAX_NUMBER_LENGTH ? endsToken(p) : NOT_PLAIN;
    }

    private int digits(int p) {
        byte[] json = this.json;
        while (p < json.length && isDigit(json[p])) {
            p++;
        }
        return p;
    }

    /** {@code p} if a number or literal ends there: at a separator, whitespace or the end. */
    private int endsToken(int p) {
        if (p >= json.length) {
            return p;
        }
        byte c = json[p];
        return c == ',' || c == '}' || c == ']' || isWhitespace(c) ? p : NOT_PLAIN;
    }

    private int whitespace(int p) {
        byte[] json = this.json;
        while (p < json.length && isWhitespace(json[p])) {
            p++;
        }
        return p;
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
