package dev.ferry.connectors.jdbc.sqlserver;

import dev.ferry.api.Column;
import dev.ferry.api.FerryException;
import dev.ferry.api.StreamSchema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each stream column lands in the destination table and what type it has there. A table
 * that existed before the sync may order its columns differently, spell them in another case
 * (names are case-insensitive under the usual collations, but bulk copy mappings are not) and have
 * columns the stream does not fill.
 *
 * @param ordinals  the 1-based destination position of each stream column, in stream order
 * @param typeNames the destination type of each stream column, for example {@code datetime}
 */
record TargetColumns(List<Integer> ordinals, List<String> typeNames) {

    TargetColumns {
        ordinals = List.copyOf(ordinals);
        typeNames = List.copyOf(typeNames);
    }

    static TargetColumns read(Connection connection, String describeSql, StreamSchema schema, String table)
            throws SQLException {
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> identities = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet empty = statement.executeQuery(describeSql)) {
            ResultSetMetaData metadata = empty.getMetaData();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
                names.add(metadata.getColumnName(i));
                types.add(metadata.getColumnTypeName(i));
                if (metadata.isAutoIncrement(i)) {
                    identities.add(metadata.getColumnName(i));
                }
            }
        }
        return match(schema, names, types, identities, table);
    }

    /**
     * Matches stream columns to destination columns by name, ignoring case. A stream column that
     * lands in an IDENTITY column is refused: MERGE cannot insert into it without IDENTITY_INSERT
     * (which needs ALTER permission), and a bulk copy would let the server number the rows itself.
     */
    static TargetColumns match(StreamSchema schema, List<String> names, List<String> types, List<String> identities,
                               String table) {
        List<Integer> ordinals = new ArrayList<>(schema.columns().size());
        List<String> typeNames = new ArrayList<>(schema.columns().size());
        for (int c = 0; c < schema.columns().size(); c++) {
            Column column = schema.columns().get(c);
            int found = -1;
            for (int d = 0; d < names.size() && found < 0; d++) {
                if (names.get(d).equalsIgnoreCase(column.name())) {
                    found = d;
                }
            }
            if (found < 0) {
                throw new FerryException("Table " + table + " has no column " + column.name() + "; its columns are " + names);
            }
            if (identities.contains(names.get(found))) {
                throw new FerryException("Table " + table + ": column " + names.get(found) + " is an IDENTITY column,"
                        + " which a sync cannot fill with the source's values; write to a table without IDENTITY"
                        + " or leave the column out of the stream");
            }
            ordinals.add(found + 1);
            typeNames.add(types.get(found));
        }
        return new TargetColumns(ordinals, typeNames);
    }
}
