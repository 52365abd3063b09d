package io.logwarden.tail;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Makes {@code stream:} resolve to {@link TailingStreamComponent}: Camel looks a component up in the
 * registry by its scheme first, so a bean named "stream" replaces the starter's instance.
 */
@Configuration(proxyBeanMethods = false)
public class TailConfiguration {

    @Bean
    public TailRegistry tailRegistry(ObjectProvider<MeterRegistry> meters) {
        return new TailRegistry(meters.getIfAvailable());
    }

    @Bean("stream")
    public TailingStreamComponent stream(TailRegistry registry, AllowedRoots allowedRoots,
                                         @Value("${logwarden.data-dir}") String dataDir,
                                         @Value("${logwarden.tail.quiet-period:2s}") Duration quietPeriod,
                                         @Value("${logwarden.tail.max-line-length:65536}") int maxLineLength) {
        TailingStreamComponent component = new TailingStreamComponent();
        component.setRegistry(registry);
        component.setPositionsDirectory(Path.of(dataDir).toAbsolutePath().normalize().resolve("positions"));
        component.setQuietPeriod(quietPeriod.toMillis());
        component.setMaxLineLength(maxLineLength);
        component.setOpenGuard(allowedRoots::checkOpen); // the roots hold on every open, not only at start (issue 11)
        return component;
    }
}
