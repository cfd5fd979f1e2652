/**
 * Value transforms of one column: text clean-up ({@link dev.ferry.engine.transform.values.Trim},
 * {@link dev.ferry.engine.transform.values.UpperCase}, {@link dev.ferry.engine.transform.values.LowerCase},
 * {@link dev.ferry.engine.transform.values.Truncate}), defaults for nulls
 * ({@link dev.ferry.engine.transform.values.DefaultValue}), type conversion
 * ({@link dev.ferry.engine.transform.values.Cast}), value tables
 * ({@link dev.ferry.engine.transform.values.ValueMap}) and dates and zones
 * ({@link dev.ferry.engine.transform.values.ParseTemporal},
 * {@link dev.ferry.engine.transform.values.FormatTemporal},
 * {@link dev.ferry.engine.transform.values.ConvertZone}).
 *
 * <p>Every one gives the exact intended value or rejects it, naming the value and the rule: a
 * number is never rounded, a date never moved to another day, a local time in a daylight-saving
 * gap never shifted. {@code Truncate} alone drops characters, because that is what it is asked
 * for. Values written in a pipeline's file (defaults, map keys and values) are text, read for the
 * column's type with one set of strict rules, described on the package's {@code ValueText}; a text
 * that is not exactly a value of the type is a
 * {@link dev.ferry.engine.transform.TransformDefinitionException} when the transform is made or
 * bound, before any row is read.
 */
package dev.ferry.engine.transform.values;
