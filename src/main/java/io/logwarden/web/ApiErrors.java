package io.logwarden.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.logwarden.ops.DatabaseFailures;
import io.logwarden.tail.TailRequestException;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns the exception an API route caught into the status and {"error","message"} body the client
 * sees. Unexpected failures are logged with their stack trace here and answered without one.
 */
@Component
public class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    public ApiError toError(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiError error;
        int status;
        JsonProcessingException unreadable = unreadableBody(cause);
        if (unreadable != null) {
            cause = JsonRequests.refusal(unreadable);
        } else if (isRequestType(invalidPayloadType(cause))) {
            // the binding found no JSON to read (a body of blanks) and left it for the bean to convert
            cause = JsonRequests.missingBody();
        }
        if (cause instanceof ApiException api) {
            status = api.getStatus();
            error = new ApiError(api.getCode(), api.getMessage());
        } else if (cause instanceof TailRequestException refused) {
            status = status(refused.kind());
            error = new ApiError(refused.code(), ApiException.bound(refused.getMessage()));
        } else if (DatabaseFailures.causedByUnavailableDatabase(cause)) {
            // not the request's fault and not a bug: the client may try again, and the operator learns what to look at
            status = 503;
            error = new ApiError("database_unavailable", "the database does not answer; try again shortly (the service log says why)");
            log.warn("API request {} {} could not reach the database: {}", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                    exchange.getMessage().getHeader(Exchange.HTTP_URI), cause.toString());
        } else {
            status = 500;
            error = new ApiError("internal_error", "the request failed inside the service; the log has the details");
            log.error("API request {} {} failed", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                    exchange.getMessage().getHeader(Exchange.HTTP_URI), cause);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return error;
    }

    /** The HTTP status of each sort of request tail refuses. */
    static int status(TailRequestException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case LIMIT -> 409;
            case FAILED -> 500;
            case UNAVAILABLE -> 503;
        };
    }

    /** The type a bean wanted its body as when the body could not be turned into it, or null. */
    private static Class<?> invalidPayloadType(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof InvalidPayloadException payload) return payload.getType();
        }
        return null;
    }

    private static boolean isRequestType(Class<?> type) {
        return type != null && type.getName().startsWith("io.logwarden.");
    }

    /**
     * The REST binding could not read the body into the verb's type: malformed JSON (a parse error, also when
     * Jackson wraps it in a mapping error) or a value of the wrong type. Other Jackson failures are the service's.
     */
    private static JsonProcessingException unreadableBody(Throwable cause) {
        for (Throwable t = cause; t instanceof JsonProcessingException json; t = t.getCause()) {
            if (json instanceof StreamReadException || json instanceof MismatchedInputException
                    || json instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) { // 1,001 levels deep
                return json;
            }
        }
        return null;
    }
}
