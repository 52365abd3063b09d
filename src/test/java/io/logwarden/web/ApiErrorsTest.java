package io.logwarden.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import io.logwarden.tail.TailRequestException;
import io.logwarden.tail.TailRequestException.Kind;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Only a body the client got wrong is a 400; a Jackson failure of the service's own stays a 500. */
class ApiErrorsTest {

    private final ApiErrors errors = new ApiErrors();

    @Test
    void aParseErrorWrappedInAMappingErrorIsMalformedJson() {
        Throwable wrapped = catchThrowable(() -> new ObjectMapper().readValue("{\"ids\":[1,", Ids.class));
        assertThat(answer(wrapped).error()).isEqualTo("malformed_json");
    }

    @Test
    void aWrongTypeIsInvalidField() {
        Throwable mismatch = catchThrowable(() -> StrictJson.configure(new ObjectMapper())
                .readValue("{\"log_file\":1}", StartRequest.class));
        assertThat(answer(mismatch)).isEqualTo(new ApiError("invalid_field", answer(mismatch).message()));
        assertThat(answer(mismatch).message()).contains("\"log_file\"");
    }

    /** A black-box tester read Java's names in the answers: `java.lang.Integer`, `CoercionConfig`, our record's class. */
    @Test
    void aWrongTypeIsToldInJsonTermsWithoutJavaNames() {
        ObjectMapper json = StrictJson.configure(new ObjectMapper());
        Throwable word = catchThrowable(() -> json.readValue("{\"log_file\":\"x\",\"window_size\":\"ten\"}", StartRequest.class));
        assertThat(answer(word).message()).contains("\"window_size\"").contains("a whole number")
                .doesNotContain("java.", "Coercion", "`");
        Throwable array = catchThrowable(() -> json.readValue("[1,2]", StartRequest.class));
        assertThat(answer(array).message()).contains("an object").doesNotContain("io.logwarden", "`");
    }

    @Test
    void aSerializerTheServiceLacksIsAnInternalError() {
        Throwable bug = catchThrowable(() -> new ObjectMapper().writeValueAsString(new Object()));
        assertThat(bug).isInstanceOf(InvalidDefinitionException.class);
        assertThat(answer(bug).error()).isEqualTo("internal_error");
    }

    @Test
    void aRefusalOfTailAnswersWithTheStatusOfItsKindAndABoundedMessage() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new TailRequestException(Kind.LIMIT, "open_file_limit", "x".repeat(5000)));
        ApiError error = errors.toError(exchange);
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(409);
        assertThat(error.error()).isEqualTo("open_file_limit");
        assertThat(error.message()).hasSizeLessThan(250);
        assertThat(Stream.of(Kind.values()).map(ApiErrors::status)).containsExactly(400, 403, 404, 409, 500, 503);
    }

    record Ids(java.util.List<Long> ids) {
    }

    private ApiError answer(Throwable caught) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, caught);
        ApiError error = errors.toError(exchange);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        assertThat(status).isEqualTo(error.error().equals("internal_error") ? 500 : 400);
        return error;
    }
}
