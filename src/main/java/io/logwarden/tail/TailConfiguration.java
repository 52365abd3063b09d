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

    /** Called from routes/windows.yaml and routes/alerts.yaml to acknowledge followed lines. */
    @Bean
    public LineAcks lineAcks() {
        return new LineAcks();
    }

    @Bean("stream")
    public TailingStreamComponent stream(TailRegistry registry, LineAcks lineAcks, AllowedRoots allowedRoots,
                                         TailSourceProperties sources,
                                         @Value("${logwarden.data-dir}") String dataDir,
                                         @Value("${logwarden.tail.quiet-period:2s}") Duration quietPeriod,
                                         @Value("${logwarden.tail.max-line-length:65536}") int maxLineLength,
                                         @Value("${logwarden.tail.drain-timeout:30s}") Duration drainTimeout,
                                         @Value("${logwarden.tail.max-lines-in-flight:10000}") int maxLinesInFlight,
                                         @Value("${logwarden.tail.reader-threads:8}") int readerThreads,
                                         @Value("${logwarden.tail.watch-changes:true}") boolean watchChanges) {
        TailingStreamComponent component = new TailingStreamComponent();
        component.setRegistry(registry);
        component.setLineAcks(lineAcks);
        component.setDrainTimeout(drainTimeout);
        component.setMaxLinesInFlight(maxLinesInFlight);
        component.setReaderThreads(readerThreads);
        component.setWatchChanges(watchChanges);
        // every open of a followed file or a rotated generation of it stays inside the allowed roots
        component.setOpenGuard(allowedRoots::checkOpen);
        component.setPositionsDirectory(Path.of(dataDir).toAbsolutePath().normalize().resolve("positions"));
        component.setQuietPeriod(quietPeriod.toMillis());
        component.setMaxLineLength(maxLineLength);
        component.setSources(sources.sources());
        return component;
    }
}
