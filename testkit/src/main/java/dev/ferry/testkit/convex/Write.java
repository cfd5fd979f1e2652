package dev.ferry.testkit.convex;

/** One write in a transaction: {@code fields} null means delete. */
record Write(String table, String id, ConvexValue.Obj fields) {

    static Write upsert(String table, String id, ConvexValue.Obj fields) { return new Write(table, id, fields); }

    static Write delete(String table, String id) { return new Write(table, id, null); }
}
