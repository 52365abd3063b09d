package io.logwarden.tail;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * @param allowedRoots    directories whose files may be followed or uploaded by path; anything
 *                        outside (after resolving symlinks and "..") is refused
 * @param scanStreamDelay milliseconds the stream:file consumer waits between scans when idle
 * @param follow          files followed at start-up, e.g. the demo's auth.log or /var/log/auth.log
 * @param startFrom       where a newly followed file is read from when the request does not say: end or beginning
 */
@ConfigurationProperties(prefix = "logwarden.tail")
public record TailProperties(@DefaultValue({"data/demo", "logs"}) List<String> allowedRoots,
                             @DefaultValue("250") long scanStreamDelay,
                             @DefaultValue("") List<String> follow,
                             @DefaultValue("end") String startFrom) {
}
