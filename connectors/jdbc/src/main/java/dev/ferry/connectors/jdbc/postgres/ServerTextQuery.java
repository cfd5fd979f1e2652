package dev.ferry.connectors.jdbc.postgres;

import dev.ferry.api.Column;
import dev.ferry.connectors.jdbc.Dialect;
import dev.ferry.connectors.jdbc.ReadPlan;

/**
 * Bounded reads go through pgjdbc, which decodes some types carried as text its own way: an
 * {@code integer[]} read in binary becomes {@code {"1","2"}}, where the server (and so a full read
 * by COPY) prints {@code {1,2}}. Casting text columns to {@code text} on the server, as the COPY
 * reader does, makes both reads give the same text. Rows keep the inner query's order, as they do
 * in the COPY reader.
 */
final class ServerTextQuery {
    private static final String ALIAS = "q";

    private ServerTextQuery() {
    }

    static ReadPlan of(Dialect dialect, ReadPlan plan) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < plan.selected().size(); i++) {
            Column column = plan.selected().get(i);
            sql.append(i == 0 ? "" : ", ").append(ALIAS).append('.').append(dialect.quote(column.name(), "column"));
            switch (column.type()) {
                case STRING, TEXT, JSON -> sql.append("::text");
                default -> {
                    // read in the type's own binary form
                }
            }
        }
        sql.append(" FROM (").append(plan.sql()).append(") ").append(ALIAS);
        return plan.withSql(sql.toString());
    }
}
