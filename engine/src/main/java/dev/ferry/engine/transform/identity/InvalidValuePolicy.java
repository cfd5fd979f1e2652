package dev.ferry.engine.transform.identity;

import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformDefinitionException;

import java.util.Locale;

/**
 * What a value that fails an identity check (a phone number, a tax code, an e-mail address) gets.
 * The choice is the pipeline author's, made once per transform; nothing is ever changed into a
 * different valid-looking value.
 */
public enum InvalidValuePolicy {
    /** The value is rejected: its row fails, or goes to quarantine, with the reason. The default. */
    ERROR,
    /** The value becomes null; the output column is then nullable. */
    NULL,
    /** The value is written exactly as it was read, not normalised. */
    KEEP;

    /**
     * The policy spelled {@code name} in a pipeline file, in any case ({@code error}, {@code null},
     * {@code keep}).
     *
     * @throws TransformDefinitionException naming the valid spellings when there is none such
     */
    public static InvalidValuePolicy named(String name) {
        if (name != null) {
            for (InvalidValuePolicy policy : values()) {
                if (policy.name().equals(name.strip().toUpperCase(Locale.ROOT))) {
                    return policy;
                }
            }
        }
        throw new TransformDefinitionException("what an invalid value gets is " + Shortened.quote(name)
                + "; it may be error, null or keep");
    }
}
