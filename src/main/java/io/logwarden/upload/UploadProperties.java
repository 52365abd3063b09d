package io.logwarden.upload;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxSize largest log an upload may send (multipart or by path); larger answers 413. application.yaml
 *                passes it on to spring.servlet.multipart.max-file-size and max-request-size
 */
@ConfigurationProperties(prefix = "logwarden.upload")
public record UploadProperties(@DefaultValue("512MB") DataSize maxSize) {
}
