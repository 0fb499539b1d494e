package dev.jwtfilter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueReferencesTest {
    private final ValueReferences references = new ValueReferences(
            Map.of("AUD", "env-aud", "ONLY_ENV", "from-env", "BLANK", " ")::get,
            Map.of("AUD", "sys-aud", "jwt.iss", "https://sys.example")::get);
    private final List<String> problems = new ArrayList<>();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "${AUD}                                 | sys-aud",
                "${ONLY_ENV}                            | from-env",
                "${env:AUD}                             | env-aud",
                "${sys:jwt.iss}                         | https://sys.example",
                "${AUD:orders-api}                      | sys-aud",
                "${ONLY_ENV:orders-api}                 | from-env",
                "${UNSET:orders-api}                    | orders-api",
                "${UNSET:https://login.example.com}     | https://login.example.com",
                "${env:UNSET:https://login.example.com} | https://login.example.com",
                "${sys:unset:x:y}                       | x:y",
                "${UNSET:-orders-api}                   | orders-api",
                "${env:UNSET:-x}                        | x",
                "${env:ONLY_ENV:-x}                     | from-env",
                "${BLANK:fallback}                      | fallback",
                "plain value                            | plain value",
            })
    void resolveWhenReferenceThenValueOrDefault(String raw, String expected) {
        assertThat(references.resolve("jwt.audiences", raw, problems)).isEqualTo(expected);
        assertThat(problems).isEmpty();
    }

    @Test
    void resolveWhenDefaultAfterColonThenTomcatsDigesterWouldLeaveItAlone() {
        // Tomcat's IntrospectionUtils.replaceProperties looks up "UNSET:orders-api" as one name and, finding no
        // such property and no ":-", keeps "${...}" as written; the filter then reads the environment.
        String raw = "${ONLY_ENV:orders-api}";

        assertThat(raw).doesNotContain(":-");
        assertThat(references.resolve("jwt.audiences", raw, problems)).isEqualTo("from-env");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "${UNSET}         | refers to ${UNSET}, which is not set",
                "${env:UNSET}     | refers to ${env:UNSET}, which is not set",
                "${UNSET:}        | refers to ${UNSET:}, which is not set",
                "${}              | use ${NAME}, ${env:NAME} or ${sys:name}",
                "${:x}            | use ${NAME}, ${env:NAME} or ${sys:name}",
                "${env:}          | use ${NAME}, ${env:NAME} or ${sys:name}",
                "${env:SECRET     | holds an incomplete reference",
                "prefix-${AUD}    | holds an incomplete reference",
            })
    void resolveWhenBrokenOrUnsetThenProblemAndNoValue(String raw, String problem) {
        assertThat(references.resolve("jwt.hmac-secret", raw, problems)).isNull();
        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("Parameter 'jwt.hmac-secret' ")
                .contains(problem);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "${ENV:ORDERS_SECRET}",
                "${Env:ORDERS_SECRET}",
                "${SYS:jwt.secret}",
                "${environment:ORDERS_SECRET}",
            })
    void resolveWhenSourceMisspeltThenProblemNotTheNameAsLiteralDefault(String raw) {
        assertThat(references.resolve("jwt.audiences", raw, problems)).isNull();
        assertThat(problems).singleElement().asString().contains("use ${NAME}, ${env:NAME} or ${sys:name}");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "jwt.hmac-secret                | ${env:UNSET:a-default-secret-that-is-long-enough-123}",
                "jwt.hmac-secret                | ${ONLY_ENV:-public}",
                "jwt.issuers.partner.hmac-secret | ${UNSET:public}",
            })
    void resolveWhenSecretHasDefaultThenProblemEvenWhenTheVariableIsSet(String name, String raw) {
        assertThat(references.resolve(name, raw, problems)).isNull();
        assertThat(problems).singleElement().asString().contains("is a secret and takes no default");
    }
}
