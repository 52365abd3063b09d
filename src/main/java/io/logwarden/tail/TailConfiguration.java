package io.logwarden.tail;

import io.logwarden.settings.LogwardenProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;


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
                                         TailProperties tail, LogwardenProperties settings) {
        TailingStreamComponent component = new TailingStreamComponent();
        component.setRegistry(registry);
        component.setLineAcks(lineAcks);
        component.setDrainTimeout(tail.drainTimeout());
        component.setMaxLinesInFlight(tail.maxLinesInFlight());
        component.setReaderThreads(tail.readerThreads());
        component.setWatchChanges(tail.watchChanges());
        // every open of a followed file or a rotated generation of it stays inside the allowed roots
        component.setOpenGuard(allowedRoots::checkOpen);
        component.setPositionsDirectory(settings.absoluteDataDir().resolve("positions"));
        component.setQuietPeriod(tail.quietPeriod().toMillis());
        component.setRotateWait(tail.rotateWait().toMillis());
        component.setMaxLineLength(tail.maxLineLength());
        component.setSources(sources.sources());
        return component;
    }
}
