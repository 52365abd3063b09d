package io.logwarden.ops;

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
        response.getWriter().write("{\"error\":" + quote(error) + ",\"message\":" + quote(io.logwarden.web.ApiException.bound(message)) + "}");
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
