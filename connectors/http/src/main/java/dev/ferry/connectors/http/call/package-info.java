/**
 * Calls to a provider: credentials, limits shared per account, retries, timeouts, the circuit
 * breaker, and the masking that lets a failed call's answer go to the run log.
 */
package dev.ferry.connectors.http.call;
