package dev.jwtfilter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What may reach a log line from a claim value: one readable line, in the order it was written. */
class LogTextTest {

    @ParameterizedTest
    @ValueSource(
            ints = {
                0x0A, 0x0D, 0x1B, 0x7F, 0x85, 0x2028, 0x2029, 0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D,
                0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200B, 0xFEFF, 0xE0041
            })
    void cleanWhenLineBreakingBidiOrInvisibleCharacterThenReplaced(int codePoint) {
        String text = "user" + Character.toString(codePoint) + "admin";

        assertThat(LogText.clean(text)).isEqualTo("user?admin");
    }

    @Test
    void cleanWhenOrdinaryTextInAnyScriptThenKeptAsItIs() {
        String text = "alice@example.com Zoë 日本語 مرحبا 🙂";

        assertThat(LogText.clean(text)).isEqualTo(text);
    }

    @Test
    void cleanWhenUnpairedSurrogateThenReplaced() {
        assertThat(LogText.clean("a\uD800b\uDC00c")).isEqualTo("a?b?c");
    }

    @Test
    void cleanWhenLongerThanTheLimitThenCutWithoutSplittingACharacter() {
        assertThat(LogText.clean("x".repeat(250))).isEqualTo("x".repeat(200) + "...");
        assertThat(LogText.clean("x".repeat(199) + "🙂🙂")).isEqualTo("x".repeat(199) + "🙂...");
        assertThat(LogText.clean(null)).isEmpty();
    }
}
