package io.logwarden.kafka;

import io.logwarden.settings.Role;
import io.logwarden.tail.LineAcks;
import io.logwarden.window.SlidingWindowStrategy;
import org.apache.camel.component.kafka.KafkaConstants;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Wires a detector's offsets to the tailer's acknowledgement (RELEASE-2-SEAMS section 2): in the detector
 * role the {@code lineAcks} bean that routes/windows.yaml and routes/alerts.yaml call is a
 * {@link RecordAcks}, which acknowledges consumed records as well as followed lines. The other roles keep
 * the plain {@link LineAcks} (standalone unchanged).
 */
@Configuration(proxyBeanMethods = false)
public class DetectorAcknowledgement {

    static final String LINE_ACKS = "lineAcks";

    @Bean
    public OffsetWatermarks offsetWatermarks(MeterRegistry meters, ScaleOutProperties properties) {
        return new OffsetWatermarks(meters, properties.kafka().ackTimeout());
    }

    /** camel-kafka looks every consumer's subscribe adapter up by this name (KafkaConstants.KAFKA_SUBSCRIBE_ADAPTER). */
    @Bean(KafkaConstants.KAFKA_SUBSCRIBE_ADAPTER)
    public PartitionHandover partitionHandover(OffsetWatermarks watermarks, DetectorRecords records,
                                               SlidingWindowStrategy windows, MeterRegistry meters) {
        return new PartitionHandover(watermarks, records, windows, meters);
    }

    /**
     * Replaces the tail package's lineAcks instance before anything is injected with it. Static, and
     * reading the role from the environment, because a post-processor is created before ordinary beans.
     */
    @Bean
    public static BeanPostProcessor detectorLineAcks(Environment environment) {
        boolean detector = Binder.get(environment).bind("logwarden.role", String.class)
                .map(role -> role.trim().equalsIgnoreCase(Role.DETECTOR.name())).orElse(false);
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return detector && LINE_ACKS.equals(name) && bean.getClass() == LineAcks.class ? new RecordAcks() : bean;
            }
        };
    }
}
