package dev.ferry.server.notify;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * How a webhook body is signed, so that a receiver can tell a notice from Ferry from a forged or
 * replayed one.
 *
 * <p>The sender puts the time of sending, in whole seconds since the epoch, in {@value #TIMESTAMP_HEADER},
 * and in {@value #SIGNATURE_HEADER} the text {@code sha256=} followed by the lowercase hex
 * HMAC-SHA256, keyed with the UTF-8 bytes of the webhook's secret, of: the timestamp's decimal
 * digits, one {@code .}, then the raw body bytes. A receiver recomputes it over the body exactly as
 * received, compares in constant time, and refuses a timestamp too far from its own clock (five
 * minutes, say), so a captured request cannot be replayed later. Each attempt of a delivery is signed
 * afresh; {@value #DELIVERY_HEADER} stays the same across attempts, so a receiver can drop a repeat.
 *
 * <p>Stateless and thread-safe.
 */
public final class WebhookSignature {
    public static final String SIGNATURE_HEADER = "X-Ferry-Signature";
    public static final String TIMESTAMP_HEADER = "X-Ferry-Timestamp";
    public static final String EVENT_HEADER = "X-Ferry-Event";
    public static final String DELIVERY_HEADER = "X-Ferry-Delivery";
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    /** The value of {@value #SIGNATURE_HEADER} for {@code body} sent at {@code timestamp}. */
    public static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    /** Whether {@code signature} is the one of {@code body} sent at {@code timestamp}; compared in constant time. */
    public static boolean verify(String secret, long timestamp, byte[] body, String signature) {
        if (signature == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }
}
