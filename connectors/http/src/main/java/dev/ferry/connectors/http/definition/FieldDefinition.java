package dev.ferry.connectors.http.definition;

import dev.ferry.api.ColumnType;

/**
 * One column of a stream: where its value is in a record and what type it has.
 *
 * @param name    the column's name
 * @param type    its type; a value that the type cannot hold exactly fails its row
 * @param pointer the JSON Pointer of the value within the record ({@code /properties/email}); the
 *                field of the same name when not declared
 */
public record FieldDefinition(String name, ColumnType type, String pointer) {
}
