/**
 * Row transforms written as CEL expressions ({@link dev.ferry.engine.transform.expression.ComputeColumn},
 * {@link dev.ferry.engine.transform.expression.FilterRows}) and the content hash
 * ({@link dev.ferry.engine.transform.expression.ContentHash}).
 *
 * <h2>Columns as CEL variables</h2>
 * A column whose name is a CEL identifier ({@code [_a-zA-Z][_a-zA-Z0-9]*}, not a reserved word nor
 * one of {@code int uint double bool string bytes list map null_type type dyn optional optional_type
 * google row}) is a variable of that name. Every column, whatever its name, is also reachable through
 * the map variable {@code row}: {@code row["Nome Cognome"]} or {@code row.`Nome Cognome`}. Its values
 * are typed {@code dyn}, so plain variables are checked more strictly; a literal key that is not a
 * column is a definition error at bind. Values are converted only when the expression reads them.
 * <table>
 *   <caption>Column types and their CEL types</caption>
 *   <tr><th>column type</th><th>CEL type</th><th>value</th></tr>
 *   <tr><td>SMALLINT, INTEGER, BIGINT</td><td>int</td><td>the number</td></tr>
 *   <tr><td>FLOAT, DOUBLE</td><td>double</td><td>the number (a FLOAT widened exactly)</td></tr>
 *   <tr><td>DECIMAL</td><td>string</td><td>the plain text of the number ({@code "1234.50"}; {@code "NaN"},
 *       {@code "Infinity"}). Not double, which would round it: arithmetic needs an explicit
 *       {@code double(monto)}, the expression's author's choice to round</td></tr>
 *   <tr><td>STRING, TEXT, JSON</td><td>string</td><td>the text (JSON as its text)</td></tr>
 *   <tr><td>UUID</td><td>string</td><td>the lower-case 8-4-4-4-12 form</td></tr>
 *   <tr><td>TIME</td><td>string</td><td>{@code HH:mm:ss} with a fraction when it has one, so
 *       that strings of times compare like times</td></tr>
 *   <tr><td>BOOLEAN</td><td>bool</td><td></td></tr>
 *   <tr><td>BINARY</td><td>bytes</td><td></td></tr>
 *   <tr><td>DATE</td><td>timestamp</td><td>midnight UTC of the date</td></tr>
 *   <tr><td>TIMESTAMP</td><td>timestamp</td><td>the date and time read as UTC</td></tr>
 *   <tr><td>TIMESTAMP_TZ</td><td>timestamp</td><td>the instant</td></tr>
 * </table>
 * A date or timestamp outside CEL's years 1 to 9999 (PostgreSQL's infinities among them) rejects the
 * row when the expression reads it.
 *
 * <h2>Nulls</h2>
 * A nullable column of a scalar type is declared with CEL's null wrapper of its type (the type of a
 * {@code google.protobuf.Int64Value} field): it can be compared with {@code null} and used where a
 * value of its type is expected, so {@code x == null ? 0 : x + 1} type-checks. A null value reaches
 * the expression as CEL's {@code null}; using it as a number or a string ({@code x + 1} when
 * {@code x} is null) is an evaluation error, which rejects the row: nothing is treated as zero or
 * empty behind the author's back. Timestamp variables are plain {@code timestamp} and also compare
 * with {@code null}. In {@code row}, a null column is present with the value {@code null}.
 *
 * <h2>Results of computed columns</h2>
 * The column type follows the expression's checked type: int BIGINT, uint DECIMAL(20,0), double DOUBLE,
 * string TEXT, bool BOOLEAN, bytes BINARY, timestamp TIMESTAMP_TZ (at offset UTC). A declared
 * {@link dev.ferry.engine.transform.expression.OutputType} may choose another exactly reachable type:
 * an int as INTEGER, SMALLINT or DECIMAL; a double as FLOAT; a string as STRING, DECIMAL or UUID; a
 * timestamp as TIMESTAMP (UTC) or DATE. A value that does not fit (out of range, more digits than the
 * scale, a timestamp not at midnight for a DATE) rejects the row. A result typed {@code dyn} or
 * {@code null} needs a declared type and is checked on each row. The column is nullable when the
 * result can be null: a nullable wrapper, an {@code optional} ({@code optional.none()} is written as
 * null), {@code dyn} or {@code null}.
 *
 * <h2>The CEL environment</h2>
 * The standard functions and macros ({@code has}, {@code all}, {@code exists}, {@code map},
 * {@code filter}...), optional values and the strings extension ({@code lowerAscii},
 * {@code upperAscii}, {@code trim}, {@code replace}, {@code split}, {@code substring}...). Integer
 * arithmetic that overflows is an error, as is a division by zero. An expression is parsed when its
 * transform is made and type-checked and planned once when it is bound; evaluation reuses one
 * variable resolver per bound transform and builds no map per row.
 */
package dev.ferry.engine.transform.expression;
