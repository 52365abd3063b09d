package io.logwarden.security;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Writes the {"error","message"} body the API promises, from filters that answer before any controller. */
public final class JsonErrorResponses {

    private JsonErrorResponses() {
    }

    public static void write(HttpServletResponse response, int status, String error, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write("{\"error\":" + quote(error) + ",\"message\":" + quote(bound(message)) + "}");
        response.flushBuffer();
    }

    /** The same body on the WebSocket port's Vert.x server. */
    public static void vertx(io.vertx.ext.web.RoutingContext context, int status, String error, String message) {
        if (context.response().ended() || context.response().headWritten()) {
            return;
        }
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json;charset=UTF-8")
                .end("{\"error\":" + quote(error) + ",\"message\":" + quote(message) + "}");
    }

    /**
     * A message over 400 characters keeps its first 200: error answers never echo a client's huge value whole.
     * Lives here (not in web.ApiException, which calls it) so that ops does not depend on web.
     */
    public static String bound(String message) {
        if (message == null || message.length() <= 400) {
            return message;
        }
        return message.substring(0, 200) + "... (" + message.length() + " characters)";
    }

    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '<' || c == '>') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
