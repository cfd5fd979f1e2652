package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Set;

/**
 * {@code GET /api/test_streaming_export_connection}: 200 when the key may export. Choice: the body
 * names the deployment ({@code {"deploymentName": ...}}); clients should rely on the status only.
 */
final class TestConnectionRoute implements Route {

    private final String deploymentName;

    TestConnectionRoute(String deploymentName) {
        this.deploymentName = deploymentName;
    }

    @Override
    public Set<String> methods() { return Set.of("GET"); }

    @Override
    public Permission permission() { return Permission.DATA_VIEW; }

    @Override
    public JsonNode handle(ConvexRequest request) {
        return JsonNodeFactory.instance.objectNode().put("deploymentName", deploymentName);
    }
}
