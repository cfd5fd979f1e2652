package dev.ferry.engine.transform.identity;

import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformDefinitionException;

import java.util.Locale;

/**
 * What {@link PhoneTransform} does with a number that carries an extension ({@code ext. 21},
 * {@code x21}, {@code #21}, {@code ;ext=21}...). E.164 has no place for one, so an extension is
 * never written: the number is either refused or written without it.
 */
public enum ExtensionPolicy {
    /** A number with an extension is invalid and gets the transform's {@link InvalidValuePolicy}. The default. */
    REJECT,
    /** The number is written in E.164 and its extension is dropped. */
    DROP;

    /**
     * The policy spelled {@code name} in a pipeline file, in any case ({@code reject}, {@code drop}).
     *
     * @throws TransformDefinitionException naming the valid spellings when there is none such
     */
    public static ExtensionPolicy named(String name) {
        if (name != null) {
            for (ExtensionPolicy policy : values()) {
                if (policy.name().equals(name.strip().toUpperCase(Locale.ROOT))) {
                    return policy;
                }
            }
        }
        throw new TransformDefinitionException("what a phone extension gets is " + Shortened.quote(name)
                + "; it may be reject or drop");
    }
}
