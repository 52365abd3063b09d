package io.logwarden.parse;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code logwarden.learned-templates.*}: templates the service learns at run time, beyond those of the model.
 *
 * @param max templates learned per model at most; further unknown lines count in the "rare template" bucket
 *            (template id 0, scored as unseen) instead of growing the template set without bound. Negative: no cap
 */
@ConfigurationProperties(prefix = "logwarden.learned-templates")
public record LearnedTemplatesProperties(@DefaultValue("1000") int max) {
}
