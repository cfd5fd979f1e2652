package dev.ferry.server.ui.pages;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * A bar chart drawn on the server as inline SVG: columns side by side (runs, or days), in one or
 * more panels stacked vertically that share the columns (duration above rows, say). Everything is
 * placed here, so the template only writes shapes out. Failures are never told by colour alone:
 * their bars are hatched and their columns carry a text mark. Every column has one bar per series
 * in each panel, a zero one zero high, so what a column's bars say can always be found.
 *
 * @param id          the element id of the chart, unique on its page; its title, description and
 *                    hatch pattern ids start with it
 * @param title       what the chart shows, read out by screen readers
 * @param description the chart's content in a sentence or two, for those who cannot see it
 * @param columns     how many columns it has
 */
public record BarChart(String id, String title, String description, int width, int height, int columns,
                       List<Axis> axes, List<Bar> bars, List<Mark> marks, List<Mark> ticks) {

    /** The kind of bar drawn hatched and in the failure colour. */
    public static final String FAILED = "failed";
    private static final int LEFT = 4;
    private static final int PLOT_WIDTH = 720;
    private static final int MARK_ROW = 16;
    private static final int LABEL_ROW = 18;
    private static final int PANEL_HEIGHT = 64;
    private static final int PANEL_GAP = 10;
    private static final int TICK_ROW = 18;
    private static final int MAX_TICKS = 10;

    /** A panel's label and top value, and its baseline. */
    public record Axis(String label, String top, double labelY, double baseline) {
    }

    /**
     * One rectangle.
     *
     * @param kind    the bar's series, which is also its style class ({@code duration}, {@code rows}, {@link #FAILED}...)
     * @param tooltip what hovering (or a screen reader's exploration) says about it
     */
    public record Bar(double x, double y, double width, double height, String kind, String tooltip) {
        public boolean hatched() {
            return FAILED.equals(kind);
        }
    }

    /** A text at a point, centred. */
    public record Mark(double x, double y, String text) {
    }

    /**
     * What a column is.
     *
     * @param tick    its label under the chart (shown for some columns when there are many); null for none
     * @param tooltip what it is, said on each of its bars
     * @param failed  whether its bars are drawn as a failure
     * @param mark    a text above it (a failure's "✕"); null for none
     */
    public record Column(String tick, String tooltip, boolean failed, String mark) {
    }

    /**
     * One series of values, one per column; a panel stacks its series bottom up.
     *
     * @param kind the bars' style class; a failed column's bars are of kind {@link #FAILED} instead
     */
    public record Series(String kind, String name, long[] values) {
    }

    /** A panel: a label, how its values read, and its series. */
    public record Panel(String label, LongFunction<String> format, List<Series> series) {
    }

    public static BarChart of(String id, String title, String description, List<Column> columns, List<Panel> panels) {
        int count = Math.max(1, columns.size());
        double slot = (double) PLOT_WIDTH / count;
        double barWidth = Math.max(2, Math.min(48, slot * 0.7));
        int height = MARK_ROW + panels.size() * (LABEL_ROW + PANEL_HEIGHT + PANEL_GAP) + TICK_ROW;
        List<Axis> axes = new ArrayList<>();
        List<Bar> bars = new ArrayList<>();
        List<Mark> marks = new ArrayList<>();
        List<Mark> ticks = new ArrayList<>();
        double top = MARK_ROW;
        for (Panel panel : panels) {
            long max = 0;
            for (int c = 0; c < columns.size(); c++) {
                long stacked = 0;
                for (Series series : panel.series()) {
                    stacked += Math.max(0, series.values()[c]);
                }
                max = Math.max(max, stacked);
            }
            double baseline = top + LABEL_ROW + PANEL_HEIGHT;
            axes.add(new Axis(panel.label(), "max " + panel.format().apply(max), top + 13, baseline));
            for (int c = 0; c < columns.size(); c++) {
                Column column = columns.get(c);
                double x = LEFT + c * slot + (slot - barWidth) / 2;
                double y = baseline;
                for (Series series : panel.series()) {
                    long value = Math.max(0, series.values()[c]);
                    String kind = column.failed() ? FAILED : series.kind();
                    double h = max == 0 ? 0 : PANEL_HEIGHT * (double) value / max;
                    if (value > 0 || column.failed()) {
                        h = Math.max(h, column.failed() ? 3 : 1); // a failed run or a small value stays visible
                    }
                    y -= h;
                    bars.add(new Bar(round(x), round(y), round(barWidth), round(h), kind,
                            column.tooltip() + " · " + (series.name() == null ? "" : series.name() + ": ")
                                    + panel.format().apply(value)));
                }
            }
            top = baseline + PANEL_GAP;
        }
        int every = (int) Math.ceil(columns.size() / (double) MAX_TICKS);
        for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            double centre = round(LEFT + c * slot + slot / 2);
            if (column.mark() != null) {
                marks.add(new Mark(centre, MARK_ROW - 4, column.mark()));
            }
            if (column.tick() != null && (c % every == 0 || c == columns.size() - 1 && every == 1)) {
                ticks.add(new Mark(centre, height - 5, column.tick()));
            }
        }
        return new BarChart(id, title, description, LEFT * 2 + PLOT_WIDTH, height, columns.size(), axes, bars, marks, ticks);
    }

    public String viewBox() {
        return "0 0 " + width + " " + height;
    }

    public String titleId() {
        return id + "-title";
    }

    public String descriptionId() {
        return id + "-desc";
    }

    public String hatchId() {
        return id + "-hatch";
    }

    /** The fill of a hatched bar: the chart's own pattern. */
    public String hatchFill() {
        return "url(#" + hatchId() + ")";
    }

    /** The x where the axes' lines end. */
    public int right() {
        return width - LEFT;
    }

    public boolean isEmpty() {
        return columns == 0;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
