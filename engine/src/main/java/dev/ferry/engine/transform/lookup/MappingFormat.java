package dev.ferry.engine.transform.lookup;

import dev.ferry.engine.transform.TransformDefinitionException;

import java.nio.file.Path;
import java.util.Locale;

/** The formats a mapping file may have, told by its name's extension unless declared. All are UTF-8. */
public enum MappingFormat {
    /** A JSON document: an object or an array of objects. */
    JSON,
    /** A YAML document of the same shapes as {@link #JSON}; one document per file. */
    YAML,
    /** RFC 4180 CSV with a header row: an array of objects whose fields are the header's names. */
    CSV;

    /**
     * The format a file's extension names ({@code .json}, {@code .yaml} or {@code .yml}, {@code .csv},
     * in any case).
     *
     * @throws TransformDefinitionException for any other name, saying which extensions are known
     */
    public static MappingFormat ofFileName(Path path) {
        Path name = path.getFileName();
        String text = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (text.endsWith(".json")) {
            return JSON;
        }
        if (text.endsWith(".yaml") || text.endsWith(".yml")) {
            return YAML;
        }
        if (text.endsWith(".csv")) {
            return CSV;
        }
        throw new TransformDefinitionException("Mapping file " + path
                + ": cannot tell its format from its name; name it .json, .yaml, .yml or .csv, or declare the format"
                + " (json, yaml or csv)");
    }
}
