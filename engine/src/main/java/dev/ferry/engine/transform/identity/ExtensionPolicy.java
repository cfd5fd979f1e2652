package dev.ferry.engine.transform.identity;

/**
 * What {@link PhoneTransform} does with a number that carries an extension ({@code ext. 21},
 * {@code x21}, {@code #21}, {@code ;ext=21}...). E.164 has no place for one, so an extension is
 * never written: the number is either refused or written without it.
 */
public enum ExtensionPolicy {
    /** A number with an extension is invalid and gets the transform's {@link InvalidValuePolicy}. The default. */
    REJECT,
    /** The number is written in E.164 and its extension is dropped. */
    DROP
}
