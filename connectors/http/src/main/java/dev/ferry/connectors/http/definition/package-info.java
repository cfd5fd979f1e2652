/**
 * API definitions: the records a definition YAML becomes, its templates, and the reader that checks
 * a definition whole, naming file and field for every problem.
 */
package dev.ferry.connectors.http.definition;
