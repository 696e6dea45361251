package io.stepcast.runtime.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Enum values in job files are written the YAML way, lower case with dashes ({@code exactly-once},
 * {@code hour-of-day}); this maps them onto Java constants and lists the allowed spellings when a
 * value is not one of them.
 */
public final class EnumNames {
    private EnumNames() {}

    /** The job-file spelling of an enum constant. */
    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("stepcast-enum-names");
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(
                    DeserializationConfig config,
                    JavaType type,
                    BeanDescription beanDesc,
                    JsonDeserializer<?> deserializer) {
                return new DashedEnumDeserializer(type.getRawClass());
            }
        });
        return module;
    }

    private static final class DashedEnumDeserializer extends StdScalarDeserializer<Object> {
        private final Class<?> enumType;

        DashedEnumDeserializer(Class<?> enumType) {
            super(enumType);
            this.enumType = enumType;
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            if (text != null) {
                String wanted = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
                for (Object constant : enumType.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equals(wanted)) {
                        return constant;
                    }
                }
            }
            String allowed = Arrays.stream(enumType.getEnumConstants())
                    .map(c -> of((Enum<?>) c))
                    .collect(Collectors.joining(", "));
            throw ctxt.weirdStringException(text, enumType, "expected one of: " + allowed);
        }
    }
}
