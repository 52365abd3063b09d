package io.logwarden.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.Exchange;
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
        JsonProcessingException json = jsonCause(cause);
        if (json != null) {
            // the REST binding could not read the body into the verb's type
            cause = JsonRequests.refusal(json);
        }
        if (cause instanceof ApiException api) {
            status = api.getStatus();
            error = new ApiError(api.getCode(), api.getMessage());
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

    private static JsonProcessingException jsonCause(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return json;
            }
        }
        return null;
    }
}
