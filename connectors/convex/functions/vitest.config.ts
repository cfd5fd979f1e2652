import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // convex-test runs the functions in the test's own process; Node stands in for Convex's runtime.
    environment: "node",
    server: { deps: { inline: ["convex-test"] } },
  },
});
