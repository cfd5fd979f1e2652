package dev.ferry.testkit.convex;

/**
 * A Convex function a test registers under a path such as {@code sync:upsertBatch}. It runs
 * inside one transaction that commits when it returns and is discarded when it throws.
 * Throw {@link ConvexFunctionError} for an error the caller should see.
 */
@FunctionalInterface
public interface FunctionHandler {

    ConvexValue run(ConvexValue.Obj args, FunctionTransaction transaction);
}
