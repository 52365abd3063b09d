package io.logwarden.parse;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** TEMPORARY placeholder until the Drain miner lands: masks digits and maps each template to an id. */
@Component
public class LogParser {

    private final Map<String, Integer> ids = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    public LogEvent parse(@Body String line, @Header("LogwardenSource") String source,
                          @Header("LogwardenLineNumber") Long lineNumber) {
        String content = line.replaceFirst("^\\w{3} +\\d+ [\\d:]+ \\S+ ", "");
        String template = content.replaceAll("\\S*\\d\\S*", "<*>");
        int id = ids.computeIfAbsent(template, t -> next.incrementAndGet());
        return new LogEvent(source, lineNumber == null ? 0 : lineNumber, line, content, Map.of(), id, template, List.of(), Instant.now());
    }
}
