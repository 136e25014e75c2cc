package io.github.cameliotanalytics.emulator;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The payload and messageId rules, from the model and the BatchPutMessage reference, and the documented decisions. */
class PayloadRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"{\"temp_01\":29}", "{\"_temp_01\":29}", "{\"_\":1}", "{\"a\":1}", "{\"ab_c\":1}",
            "{\"A9\":{\"bc_d_\":[{\"x\":1}]}}", "{}", " {\"a\" : 1} \n"})
    void acceptsNamesTheReferenceAllows(String payload) {
        assertThat(check(payload)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"temp-01\":29}", "{\"01_temp\":29}", "{\"__temp_01\":29}", "{\"a_b\":1}",
            "{\"\":1}", "{\"t\u00e9\":1}", "{\"a\":{\"b-c\":1}}", "{\"a\":[1,{\"__x\":2}]}", "{\"foo\":1,\"FOO\":2}",
            "{\"foo\":1,\"foo\":2}", "{\"a\\n\":1}"})
    void refusesNamesTheReferenceForbids(String payload) {
        assertThat(check(payload)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{\"a-b\":1}]", "\"a-b\"", "42", "{\"a-b\":1", "{\"a-b\":1} {}", "{\"a-b\":1}x",
            "not json {\"a-b\":1}", "", "{'a-b':1}"})
    void takesAnythingButOneJsonObjectForBinaryData(String payload) {
        assertThat(check(payload)).isNull();
    }

    @Test
    void duplicateNamesCountPerObject() {
        assertThat(check("{\"a\":{\"x\":1},\"b\":{\"X\":1}}")).isNull();
        assertThat(check("{\"a\":[{\"x\":1},{\"x\":1}]}")).isNull();
    }

    @Test
    void fieldNamesHaveAtMost255Characters() {
        assertThat(check("{\"" + "a".repeat(255) + "\":1}")).isNull();
        assertThat(check("{\"" + "a".repeat(256) + "\":1}")).contains("256 characters");
        assertThat(check("{\"" + "a".repeat(60_000) + "\":1}")).contains("60000 characters");
    }

    @Test
    void payloadsHaveAtMost131072Bytes() {
        assertThat(PayloadRules.checkPayload(new byte[131_072])).isNull();
        assertThat(PayloadRules.checkPayload(new byte[131_073])).contains("131073 bytes");
        String object = "{\"a\":\"" + "x".repeat(131_072 - 8) + "\"}";
        assertThat(object).hasSize(131_072);
        assertThat(check(object)).isNull();
    }

    @Test
    void deepNestingIsStillReadAsJson() {
        String deep = "{\"a\":".repeat(10_000) + "{\"b-c\":1}" + "}".repeat(10_000);
        assertThat(check(deep)).contains("b-c");
    }

    @Test
    void messageIdsHave1To128AsciiCharacters() {
        assertThat(PayloadRules.checkMessageId("x")).isNull();
        assertThat(PayloadRules.checkMessageId("x".repeat(128))).isNull();
        assertThat(PayloadRules.checkMessageId(" \t~\u007f")).isNull();
        assertThat(PayloadRules.checkMessageId("")).isNotNull();
        assertThat(PayloadRules.checkMessageId("x".repeat(129))).isNotNull();
        assertThat(PayloadRules.checkMessageId("\u00e9")).isNotNull();
        assertThat(PayloadRules.checkMessageId(null)).isNotNull();
    }

    private static String check(String payload) {
        return PayloadRules.checkPayload(payload.getBytes(StandardCharsets.UTF_8));
    }
}
