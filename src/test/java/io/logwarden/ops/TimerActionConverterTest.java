package io.logwarden.ops;

import org.apache.camel.TypeConversionException;
import org.apache.camel.component.micrometer.MicrometerTimerAction;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimerActionConverterTest {

    @Test
    void timerActionsConvertThroughTheRegisteredConverter() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            // without it, Camel finds no converter for the pair and scans the registry on every exchange
            assertThat(camel.getTypeConverterRegistry().lookup(MicrometerTimerAction.class, String.class)).isNull();
            camel.getTypeConverterRegistry().addTypeConverters(new TimerActionConverter());
            assertThat(camel.getTypeConverterRegistry().lookup(MicrometerTimerAction.class, String.class)).isNotNull();
            assertThat(camel.getTypeConverter().convertTo(MicrometerTimerAction.class, "start")).isEqualTo(MicrometerTimerAction.start);
            assertThat(camel.getTypeConverter().convertTo(MicrometerTimerAction.class, " STOP ")).isEqualTo(MicrometerTimerAction.stop);
            assertThatThrownBy(() -> camel.getTypeConverter().mandatoryConvertTo(MicrometerTimerAction.class, "pause"))
                    .isInstanceOf(TypeConversionException.class).hasMessageContaining("pause");
        }
    }
}
