package io.stepcast.runtime.spec;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The catalog of job-file settings, in the order of {@link JobSpec}'s components. It is read from the
 * records themselves: every component that is not a section is matched with the {@link Setting} its
 * record declares under the same key, and a component without one fails here (and so in the tests).
 */
public final class JobSettings {
    private JobSettings() {}

    /** A setting with the Java type of the component that holds it. */
    public record Entry(Setting<?> setting, Type type) {
        /** The type as a job file writes it, e.g. {@code duration}, {@code list of integers}, {@code lstm | rnn}. */
        public String typeName() {
            return JobSettings.typeName(type);
        }

        /** The default as a job file would write it, or the rule of a derived one. */
        public String defaultText() {
            return setting.derivedDefault() != null ? setting.derivedDefault() : valueText(setting.defaultValue());
        }
    }

    /** Every setting, sections in {@link JobSpec}'s order. */
    public static List<Entry> all() {
        List<Entry> entries = new ArrayList<>();
        collect(JobSpec.class, "", entries);
        return entries;
    }

    /** A value as a job file writes it: {@code 10s}, {@code at-least-once}, {@code [48, 336]}, {@code ""}. */
    public static String valueText(Object value) {
        if ("".equals(value)) {
            return "\"\""; // not nothing: tokens.field's default, unset
        }
        if (value instanceof Duration d) {
            return durationText(d);
        }
        if (value instanceof Enum<?> e) {
            return EnumNames.of(e);
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(JobSettings::valueText).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> m) {
            return m.entrySet().stream()
                    .map(e -> e.getKey() + ": "
                            + (SecretValues.isSecret(String.valueOf(e.getKey()))
                                    ? SecretValues.HIDDEN
                                    : valueText(e.getValue())))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(value);
    }

    private static void collect(Class<?> record, String prefix, List<Entry> entries) {
        for (RecordComponent component : record.getRecordComponents()) {
            String key = prefix + component.getName();
            if (component.getType().isRecord()) {
                collect(component.getType(), key + ".", entries);
            } else {
                entries.add(new Entry(declared(record, key), component.getGenericType()));
            }
        }
    }

    private static Setting<?> declared(Class<?> record, String key) {
        return Arrays.stream(record.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == Setting.class)
                .map(JobSettings::settingIn)
                .filter(s -> s.key().equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        record.getSimpleName() + " declares no Setting with key '" + key + "'"));
    }

    private static Setting<?> settingIn(Field field) {
        try {
            return (Setting<?>) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("settings must be public: " + field, e);
        }
    }

    private static String typeName(Type type) {
        if (type instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            return (p.getRawType() == Map.class ? "map of " : "list of ") + plural(args[args.length - 1]);
        }
        Class<?> c = (Class<?>) type;
        if (c.isEnum()) {
            return Arrays.stream(c.getEnumConstants())
                    .map(e -> EnumNames.of((Enum<?>) e))
                    .collect(Collectors.joining(" | "));
        }
        if (c == Integer.class || c == Long.class) {
            return "integer";
        }
        if (c == Double.class) {
            return "number";
        }
        return c.getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static String plural(Type element) {
        String name = typeName(element);
        if (element instanceof ParameterizedType) {
            return name.replaceFirst("^list", "lists"); // list of lists of integers
        }
        return ((Class<?>) element).isEnum() ? "(" + name + ")" : name + "s";
    }

    /** Durations in the largest unit that divides them, as job files write them. */
    private static String durationText(Duration d) {
        long millis = d.toMillis();
        if (millis == 0) {
            return "0s";
        }
        if (millis % 86_400_000 == 0) {
            return millis / 86_400_000 + "d";
        }
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "min";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
