package dev.ferry.engine.transform.expression;

import dev.cel.common.exceptions.CelAttributeNotFoundException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.NullableType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.CelValue;
import dev.cel.common.values.NullValue;
import dev.cel.common.values.SelectableValue;
import dev.cel.runtime.CelVariableResolver;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;
import dev.ferry.engine.transform.Shortened;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The columns of a stream as CEL variables: which names are declared with which CEL types, and how
 * a row's Java values become CEL values. The mapping is the one documented in {@code package-info}.
 */
final class CelColumns {
    /** The map variable that reaches every column, whatever its name. */
    static final String ROW = "row";

    private static final Pattern IDENTIFIER = Pattern.compile("[_a-zA-Z][_a-zA-Z0-9]*");
    /**
     * Names a column cannot take as a plain variable: CEL's reserved words, its type names (a variable
     * {@code int} would hide the type), the optional library's namespace and the row map itself.
     */
    private static final Set<String> NOT_VARIABLES = Set.of(
            "as", "break", "const", "continue", "else", "false", "for", "function", "if", "import", "in",
            "let", "loop", "package", "namespace", "null", "return", "true", "var", "void", "while",
            "int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type", "dyn",
            "optional", "optional_type", "google", ROW);
    /** CEL's timestamps run from year 1 to year 9999 (UTC). */
    private static final Instant MIN_TIMESTAMP = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX_TIMESTAMP = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private final StreamSchema schema;
    private final Map<String, Slot> variables = new LinkedHashMap<>();
    private final Map<String, Slot> byColumnName = new HashMap<>();

    CelColumns(StreamSchema schema) {
        this.schema = schema;
        List<Column> columns = schema.columns();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            Slot slot = new Slot(i, column);
            byColumnName.put(column.name(), slot);
            if (isVariableName(column.name())) {
                variables.put(column.name(), slot);
            }
        }
    }

    /** Whether a column of this name is declared as a plain variable (else only {@code row["name"]} reaches it). */
    static boolean isVariableName(String name) {
        return IDENTIFIER.matcher(name).matches() && !NOT_VARIABLES.contains(name);
    }

    StreamSchema schema() {
        return schema;
    }

    /** The plain variables by name with their CEL types. */
    Map<String, CelType> declarations() {
        Map<String, CelType> declared = new LinkedHashMap<>();
        for (Map.Entry<String, Slot> entry : variables.entrySet()) {
            declared.put(entry.getKey(), entry.getValue().celType);
        }
        declared.put(ROW, MapType.create(SimpleType.STRING, SimpleType.DYN));
        return declared;
    }

    boolean hasColumn(String name) {
        return byColumnName.containsKey(name);
    }

    /** The CEL type of a column's values, or the null wrapper of it when the column is nullable. */
    static CelType celType(Column column) {
        CelType plain = switch (column.type()) {
            case SMALLINT, INTEGER, BIGINT -> SimpleType.INT;
            case FLOAT, DOUBLE -> SimpleType.DOUBLE;
            case DECIMAL, STRING, TEXT, JSON, UUID, TIME -> SimpleType.STRING;
            case BOOLEAN -> SimpleType.BOOL;
            case BINARY -> SimpleType.BYTES;
            case DATE, TIMESTAMP, TIMESTAMP_TZ -> SimpleType.TIMESTAMP;
        };
        // CEL has null wrappers for the scalar types only; a timestamp variable may be compared with
        // null as it is (a well-known message type).
        return column.nullable() && plain != SimpleType.TIMESTAMP ? NullableType.create(plain) : plain;
    }

    /** A reusable resolver for one bound transform: set the row, then evaluate. Not thread-safe. */
    RowResolver resolver() {
        return new RowResolver();
    }

    final class RowResolver implements CelVariableResolver {
        private final RowValue rowValue = new RowValue();
        private Object[] row;

        void setRow(Object[] row) {
            this.row = row;
        }

        @Override
        public Optional<Object> find(String name) {
            Slot slot = variables.get(name);
            if (slot != null) {
                return Optional.of(slot.celValue(row));
            }
            return ROW.equals(name) ? Optional.of(rowValue) : Optional.empty();
        }

        /**
         * The {@code row} variable: a read-only map view of the current row that converts only the
         * values an expression asks for, so a column the expression does not read cannot fail it.
         */
        private final class RowValue extends CelValue implements SelectableValue<Object>, Map<Object, Object> {
            private static final CelType TYPE = MapType.create(SimpleType.STRING, SimpleType.DYN);

            @Override
            public Object value() {
                return this;
            }

            @Override
            public boolean isZeroValue() {
                return false;
            }

            @Override
            public CelType celType() {
                return TYPE;
            }

            @Override
            public Object select(Object field) {
                Slot slot = byColumnName.get(field);
                if (slot == null) {
                    throw CelAttributeNotFoundException.of("row has no column " + Shortened.quote(field)
                            + "; its columns are " + schema.columnNames());
                }
                return slot.celValue(row);
            }

            @Override
            public Optional<Object> find(Object field) {
                Slot slot = byColumnName.get(field);
                return slot == null ? Optional.empty() : Optional.of(slot.celValue(row));
            }

            @Override
            public int size() {
                return byColumnName.size();
            }

            @Override
            public boolean isEmpty() {
                return false;
            }

            @Override
            public boolean containsKey(Object key) {
                return byColumnName.containsKey(key);
            }

            @Override
            public boolean containsValue(Object value) {
                return values().contains(value);
            }

            @Override
            public Object get(Object key) {
                Slot slot = byColumnName.get(key);
                return slot == null ? null : slot.celValue(row);
            }

            @Override
            public Object put(Object key, Object value) {
                throw new UnsupportedOperationException("row is read-only");
            }

            @Override
            public Object remove(Object key) {
                throw new UnsupportedOperationException("row is read-only");
            }

            @Override
            public void putAll(Map<?, ?> m) {
                throw new UnsupportedOperationException("row is read-only");
            }

            @Override
            public void clear() {
                throw new UnsupportedOperationException("row is read-only");
            }

            @Override
            public Set<Object> keySet() {
                return Collections.unmodifiableSet(new java.util.LinkedHashSet<>(schema.columnNames()));
            }

            @Override
            public Collection<Object> values() {
                List<Object> values = new ArrayList<>(byColumnName.size());
                for (Column column : schema.columns()) {
                    values.add(get(column.name()));
                }
                return values;
            }

            @Override
            public Set<Entry<Object, Object>> entrySet() {
                Map<Object, Object> copy = new LinkedHashMap<>();
                for (Column column : schema.columns()) {
                    copy.put(column.name(), get(column.name()));
                }
                return Collections.unmodifiableMap(copy).entrySet();
            }

            @Override
            public boolean equals(Object other) {
                return other instanceof Map<?, ?> map && entrySet().equals(map.entrySet());
            }

            @Override
            public int hashCode() {
                return entrySet().hashCode();
            }

            @Override
            public String toString() {
                return "row of " + schema.name();
            }
        }
    }

    /** One column: where its value is in a row and how it becomes a CEL value. */
    private static final class Slot {
        private final int index;
        private final Column column;
        private final CelType celType;

        Slot(int index, Column column) {
            this.index = index;
            this.column = column;
            this.celType = celType(column);
        }

        Object celValue(Object[] row) {
            Object value = row[index];
            return value == null ? NullValue.NULL_VALUE : toCel(column, value);
        }
    }

    /**
     * A column's Java value as the CEL value its declared type stands for.
     *
     * @throws RejectedValueException when the value has no CEL form (a date outside years 1 to 9999)
     */
    static Object toCel(Column column, Object value) {
        return switch (column.type()) {
            case SMALLINT -> (long) (Short) value;
            case INTEGER -> (long) (Integer) value;
            case BIGINT -> value;
            case FLOAT -> (double) (Float) value;
            case DOUBLE, BOOLEAN, STRING, TEXT, JSON -> value;
            // toPlainString, not toString: "1E+3" would read back as a double in CEL, "1000" does not.
            case DECIMAL -> value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
            case UUID -> value.toString();
            case TIME -> DateTimeFormatter.ISO_LOCAL_TIME.format((LocalTime) value);
            case BINARY -> CelByteString.of((byte[]) value);
            case DATE -> timestamp(column, value, ((LocalDate) value).atStartOfDay(ZoneOffset.UTC).toInstant());
            case TIMESTAMP -> timestamp(column, value, ((LocalDateTime) value).toInstant(ZoneOffset.UTC));
            case TIMESTAMP_TZ -> timestamp(column, value, ((OffsetDateTime) value).toInstant());
        };
    }

    private static Instant timestamp(Column column, Object value, Instant instant) {
        if (instant.isBefore(MIN_TIMESTAMP) || instant.isAfter(MAX_TIMESTAMP)) {
            throw new RejectedValueException(column.name(), "value " + Shortened.quote(value)
                    + " is outside the years 1 to 9999 that a CEL timestamp can hold");
        }
        return instant;
    }
}
