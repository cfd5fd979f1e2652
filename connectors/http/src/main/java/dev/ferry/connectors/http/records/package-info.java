/** Records in answers: where they are, the columns they make, and their values converted exactly. */
package dev.ferry.connectors.http.records;
