package io.logwarden.web;

import io.logwarden.security.JsonErrorResponses;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import java.io.IOException;
import java.io.Writer;

/**
 * Tomcat's last-resort error page (a request Tomcat refuses before Spring sees it: an encoded slash, an illegal
 * character in the path, a malformed header) as {@code {"error","message"}} instead of Tomcat's HTML page, with no
 * server version.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                String error = status == 400 ? "bad_request" : status == 404 ? "not_found" : status >= 500 ? "internal_error" : "error_" + status;
                String message = status == 400 ? "the request is malformed (path, query or headers)"
                        : status >= 500 ? "the request failed inside the service; the log has the details" : "the request was refused";
                writer.write("{\"error\":" + JsonErrorResponses.quote(error) + ",\"message\":" + JsonErrorResponses.quote(message) + "}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ignored) {
            // the client is gone or the answer already started: nothing more to say
        }
    }
}
