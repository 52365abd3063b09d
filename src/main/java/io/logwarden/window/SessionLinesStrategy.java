package io.logwarden.window;

import io.logwarden.parse.LogEvent;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import java.util.regex.Pattern;

/** Collects a session's lines into {@link SessionLines} for routes/sessions.yaml. */
@Component
public class SessionLinesStrategy implements AggregationStrategy {

    private final Pattern end;
    private final int maxLines;

    public SessionLinesStrategy(WindowProperties properties) {
        this.end = properties.sessionEnd().isBlank() ? null : Pattern.compile(properties.sessionEnd());
        this.maxLines = properties.sessionMaxLines();
    }

    @Override
    public Exchange aggregate(Exchange session, Exchange line) {
        LogEvent event = line.getMessage().getBody(LogEvent.class);
        boolean ends = end != null && end.matcher(event.line()).find();
        if (session == null) {
            SessionLines lines = new SessionLines(event.source(), line.getMessage().getHeader(WindowHeaders.SESSION, String.class));
            lines.add(event, ends, maxLines);
            line.getMessage().setBody(lines);
            return line;
        }
        session.getMessage().getBody(SessionLines.class).add(event, ends, maxLines);
        return session;
    }
}
