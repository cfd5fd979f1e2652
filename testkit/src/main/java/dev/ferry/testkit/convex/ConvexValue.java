package dev.ferry.testkit.convex;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value as Convex types it. int64 and float64 stay distinct, because the two export formats
 * encode them differently and a sync must not confuse them.
 */
public sealed interface ConvexValue {

    /** Approximate stored size in bytes, used for the document and argument size limits. */
    long approximateSize();

    record Null() implements ConvexValue {
        public long approximateSize() { return 1; }
    }

    record Int64(long value) implements ConvexValue {
        public long approximateSize() { return 9; }
    }

    record Float64(double value) implements ConvexValue {
        public long approximateSize() { return 9; }

        /** Compares bits, so NaN equals NaN and -0.0 differs from 0.0: both matter to a round-trip test. */
        @Override
        public boolean equals(Object other) {
            return other instanceof Float64 f && Double.doubleToRawLongBits(f.value) == Double.doubleToRawLongBits(value);
        }

        @Override
        public int hashCode() { return Long.hashCode(Double.doubleToRawLongBits(value)); }
    }

    record Bool(boolean value) implements ConvexValue {
        public long approximateSize() { return 1; }
    }

    record Str(String value) implements ConvexValue {
        public long approximateSize() { return 1 + value.getBytes(StandardCharsets.UTF_8).length; }
    }

    record Bytes(byte[] value) implements ConvexValue {
        public Bytes { value = value.clone(); }

        @Override
        public byte[] value() { return value.clone(); }

        public long approximateSize() { return 1 + value.length; }

        @Override
        public boolean equals(Object other) { return other instanceof Bytes b && Arrays.equals(b.value, value); }

        @Override
        public int hashCode() { return Arrays.hashCode(value); }

        @Override
        public String toString() { return "Bytes" + Arrays.toString(value); }
    }

    record Array(List<ConvexValue> elements) implements ConvexValue {
        public Array { elements = List.copyOf(elements); }

        public long approximateSize() {
            return 2 + elements.stream().mapToLong(ConvexValue::approximateSize).sum();
        }
    }

    /** Field order is kept as inserted, so exported documents read in the order they were written. */
    record Obj(Map<String, ConvexValue> fields) implements ConvexValue {
        public Obj { fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields)); }

        public ConvexValue get(String name) { return fields.get(name); }

        public long approximateSize() {
            long size = 2;
            for (Map.Entry<String, ConvexValue> field : fields.entrySet()) {
                size += field.getKey().length() + 1 + field.getValue().approximateSize();
            }
            return size;
        }
    }

    static ConvexValue nullValue() { return new Null(); }

    static ConvexValue int64(long value) { return new Int64(value); }

    static ConvexValue float64(double value) { return new Float64(value); }

    static ConvexValue bool(boolean value) { return new Bool(value); }

    static ConvexValue string(String value) { return new Str(value); }

    static ConvexValue bytes(byte[] value) { return new Bytes(value); }

    static ConvexValue array(ConvexValue... elements) { return new Array(List.of(elements)); }

    static Obj object(Map<String, ConvexValue> fields) { return new Obj(fields); }

    /** A builder-like shortcut for tests: {@code ConvexValue.object("a", int64(1), "b", string("x"))}. */
    static Obj object(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("object(...) takes name, value pairs; got an odd count " + namesAndValues.length);
        }
        Map<String, ConvexValue> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], (ConvexValue) namesAndValues[i + 1]);
        }
        return new Obj(fields);
    }
}
