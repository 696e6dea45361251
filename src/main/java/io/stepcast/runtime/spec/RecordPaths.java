package io.stepcast.runtime.spec;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * Reads and replaces values in nested records by dotted path ({@code model.store}). A copy goes through
 * the record's canonical constructor with every other component carried over, so it validates like a
 * loaded job and no hand-written constructor call can miss a component added later.
 */
final class RecordPaths {
    private RecordPaths() {}

    /** The value at {@code path}. */
    static Object get(Record record, String path) {
        int dot = path.indexOf('.');
        Object value = read(record, component(record, dot < 0 ? path : path.substring(0, dot)));
        return dot < 0 ? value : get((Record) value, path.substring(dot + 1));
    }

    /** A copy of {@code record} with {@code value} at {@code path}. */
    @SuppressWarnings("unchecked")
    static <R extends Record> R with(R record, String path, Object value) {
        int dot = path.indexOf('.');
        RecordComponent changed = component(record, dot < 0 ? path : path.substring(0, dot));
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = read(record, components[i]);
            if (components[i].getName().equals(changed.getName())) {
                values[i] = dot < 0 ? value : with((Record) values[i], path.substring(dot + 1), value);
            }
        }
        Class<?>[] types =
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<?> canonical = record.getClass().getDeclaredConstructor(types);
            return (R) canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            // the record's validation: its message names the setting
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RecordComponent component(Record record, String name) {
        return Arrays.stream(record.getClass().getRecordComponents())
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        record.getClass().getSimpleName() + " has no component '" + name + "'"));
    }

    private static Object read(Record record, RecordComponent component) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
