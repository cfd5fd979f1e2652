/**
 * The keyset that seals stored secrets (a server's connection passwords, the credentials a connector
 * renews), kept outside the state store; {@code ferry secrets rotate-key} rotates it.
 */
package dev.ferry.engine.secrets;
