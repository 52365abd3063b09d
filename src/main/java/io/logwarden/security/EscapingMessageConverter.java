package io.logwarden.security;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The log message with control characters escaped ({@code \e} becomes {@code \u001b}, a carriage return
 * {@code \r}, a newline {@code \n}), so that a crafted log line that the service logs (an alert's sample, a dropped
 * line's error) can neither clear or recolour an operator's terminal nor forge a second log entry. Registered for
 * {@code %m}, {@code %msg} and {@code %message} in logback-spring.xml.
 */
public class EscapingMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return escape(super.convert(event));
    }

    public static String escape(String message) {
        if (message == null) {
            return null;
        }
        int i = 0;
        while (i < message.length() && !control(message.charAt(i))) {
            i++;
        }
        if (i == message.length()) {
            return message; // the common case: nothing to escape, no copy
        }
        StringBuilder out = new StringBuilder(message.length() + 16).append(message, 0, i);
        for (; i < message.length(); i++) {
            char c = message.charAt(i);
            if (!control(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static boolean control(char c) {
        return (c < 0x20 && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029';
    }
}
