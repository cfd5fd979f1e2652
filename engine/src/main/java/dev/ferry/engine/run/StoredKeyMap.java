package dev.ferry.engine.run;

import dev.ferry.api.KeyMap;
import dev.ferry.engine.state.StateStore;

/** A pipeline's key map, kept in its state store: each change durable before the writer goes on. */
record StoredKeyMap(StateStore state, String pipeline) implements KeyMap {

    @Override
    public String remoteId(String target, String sourceKey) {
        return state.remoteId(pipeline, target, sourceKey);
    }

    @Override
    public void put(String target, String sourceKey, String remoteId) {
        state.putRemoteId(pipeline, target, sourceKey, remoteId);
    }

    @Override
    public void remove(String target, String sourceKey) {
        state.removeRemoteId(pipeline, target, sourceKey);
    }

    @Override
    public java.util.List<String> sourceKeys(String target) {
        return state.remoteIdKeys(pipeline, target);
    }
}
