/** Pages of one request, read in order from the first to the stop condition, never in a loop. */
package dev.ferry.connectors.http.paging;
