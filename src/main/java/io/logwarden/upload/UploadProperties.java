package io.logwarden.upload;

import org.springframework.validation.annotation.Validated;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxSize largest log an upload may send (multipart or by path); larger answers 413. application.yaml
 *                passes it on to spring.servlet.multipart.max-file-size and max-request-size
 */
@ConfigurationProperties(prefix = "logwarden.upload")
@Validated
public record UploadProperties(@DefaultValue("512MB") @NotNull DataSize maxSize) {

    /** Bean Validation has no constraint for a DataSize; reported as logwarden.upload.max-size-positive. */
    @AssertTrue(message = "logwarden.upload.max-size must be more than 0 bytes")
    public boolean isMaxSizePositive() {
        return maxSize == null || maxSize.toBytes() > 0;
    }
}
