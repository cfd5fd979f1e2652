package dev.ferry.connectors.http.definition;

import java.util.Map;
import java.util.Objects;

/**
 * How records are written to one object type of an API (a pipeline stream's {@code table}): an
 * upsert where the API has one, else a create; an update and a delete by the object's id from the
 * key map; a lookup that finds an object made before its id was kept. At least an upsert, a create or a
 * batch.
 *
 * @param target  the object type's name, as a stream's destination table names it
 * @param headers headers these calls send beyond the definition's (GoHighLevel's {@code Version})
 * @param batch   records written many to a call, in place of upsert and create; null for one a call
 * @param clear   the call that empties the target, for {@code write: overwrite} (a push dataset's table); null when none
 */
public record WriteDefinition(String target, Map<String, Template> headers, OperationDefinition upsert,
                              OperationDefinition create, OperationDefinition update, OperationDefinition delete,
                              LookupDefinition lookup, BatchDefinition batch, OperationDefinition clear) {
    public WriteDefinition {
        Objects.requireNonNull(target, "target");
        headers = Map.copyOf(headers);
    }
}
