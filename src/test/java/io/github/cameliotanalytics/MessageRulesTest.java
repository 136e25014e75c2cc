package io.github.cameliotanalytics;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class MessageRulesTest {

    private static String check(String json) {
        return MessageRules.checkPayload(json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = { "temp_01", "_temp_01", "_", "a", "Temp01", "t1_2_3", "A" })
    void validFieldNames(String name) {
        assertThat(MessageRules.checkFieldName(name)).isNull();
        assertThat(check("{\"" + name + "\":1}")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "temp-01", "01_temp", "__temp_01", "a_b", "t\u00e9mp", "temp 01", "" })
    void invalidFieldNames(String name) {
        assertThat(MessageRules.checkFieldName(name)).isNotNull().contains("field name");
        assertThat(check("{\"" + name + "\":1}")).isNotNull();
    }

    @Test
    void fieldNamesAtMost255Characters() {
        assertThat(MessageRules.checkFieldName("a".repeat(255))).isNull();
        assertThat(MessageRules.checkFieldName("a".repeat(256))).contains("256 characters");
    }

    @Test
    void nestedObjectsAndArraysAreChecked() {
        assertThat(check("{\"ok\":{\"bad-name\":1}}")).contains("bad-name");
        assertThat(check("{\"ok\":[{\"x\":1},{\"bad-name\":2}]}")).contains("bad-name");
        assertThat(check("{\"ok\":{\"inner\":1},\"other\":[1,2,{\"fine\":true}]}")).isNull();
    }

    @Test
    void duplicatesAreCaseInsensitiveWithinOneObject() {
        assertThat(check("{\"foo\":1,\"FOO\":2}")).contains("FOO").contains("case-insensitive");
        assertThat(check("{\"foo\":{\"foo\":1},\"bar\":{\"FOO\":2}}")).isNull();
    }

    @Test
    void payloadsThatAreNotJsonObjectsAreOpaque() {
        assertThat(check("[{\"bad-name\":1}]")).isNull();
        assertThat(check("{not json")).isNull();
        assertThat(MessageRules.checkPayload(new byte[] { 0, 1, 2, (byte) 0xFF })).isNull();
        assertThat(check("  \n{\"bad-name\":1}")).contains("bad-name");
    }

    @Test
    void payloadAtMost128KiB() {
        assertThat(MessageRules.checkPayload(new byte[128 * 1024])).isNull();
        assertThat(MessageRules.checkPayload(new byte[128 * 1024 + 1])).contains("131073 bytes");
    }

    @Test
    void messageIds() {
        assertThat(MessageRules.checkMessageId("a")).isNull();
        assertThat(MessageRules.checkMessageId("x".repeat(128))).isNull();
        assertThat(MessageRules.checkMessageId("x".repeat(129))).contains("129 characters");
        assertThat(MessageRules.checkMessageId("")).contains("empty");
        assertThat(MessageRules.checkMessageId(null)).contains("empty");
        assertThat(MessageRules.checkMessageId("caf\u00e9")).contains("ASCII");
    }
}
