package io.fleetloop.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The heartbeat as a picture: interventions per 1,000 km per generation, one line per condition
 * group, each point with its confidence interval as an error bar, on a logarithmic axis (the rate
 * of a learning loop falls by orders of magnitude). Written as a self-contained SVG document that a
 * browser, GitHub and most editors show as it is — no plotting library, no fonts to install.
 *
 * <p>Points without exposure ({@code NaN} rate) are left out. A rate of zero cannot sit on a log
 * axis: it is drawn at the bottom edge with an open marker and its upper bound as the bar. A note
 * per generation (e.g. "rolled back") is written under the x axis.
 *
 * <pre>{@code
 * String svg = RateChart.builder("Interventions per 1,000 km")
 *     .series("all", List.of(new RateChart.Point(0, 5001.8, 4963.8, 5040.0), ...))
 *     .note(3, "gen-3-poisoned rolled back")
 *     .svg();
 * }</pre>
 */
public final class RateChart {

  /** Width and height of the drawing in SVG user units (pixels). */
  static final int WIDTH = 760;

  static final int HEIGHT = 440;

  private static final int LEFT = 70;
  private static final int RIGHT = 170;
  private static final int TOP = 40;
  private static final int BOTTOM = 70;

  /** Line colours, in series order (colour-blind safe, Okabe–Ito). */
  private static final String[] COLOURS = {
    "#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"
  };

  /**
   * One generation's rate.
   *
   * @param generation the generation (x)
   * @param rate interventions per 1,000 km ({@code NaN}: nothing driven, not drawn)
   * @param low lower confidence bound
   * @param high upper confidence bound
   */
  public record Point(int generation, double rate, double low, double high) {}

  /** A named line. */
  public record Series(String name, List<Point> points) {
    public Series {
      Objects.requireNonNull(name, "name");
      points = List.copyOf(points);
    }
  }

  private final String title;
  private final List<Series> series;
  private final Map<Integer, String> notes;

  private RateChart(String title, List<Series> series, Map<Integer, String> notes) {
    this.title = title;
    this.series = List.copyOf(series);
    this.notes = new TreeMap<>(notes);
  }

  /** A chart titled {@code title}. */
  public static Builder builder(String title) {
    return new Builder(title);
  }

  /** Collects the series and notes of a chart. */
  public static final class Builder {
    private final String title;
    private final List<Series> series = new ArrayList<>();
    private final Map<Integer, String> notes = new TreeMap<>();

    private Builder(String title) {
      this.title = Objects.requireNonNull(title, "title");
    }

    /** Adds a line (drawn in the order added; the first in black). */
    public Builder series(String name, List<Point> points) {
      series.add(new Series(name, points));
      return this;
    }

    /** Writes {@code text} under generation {@code generation} (e.g. a rollback). */
    public Builder note(int generation, String text) {
      notes.merge(generation, text, (a, b) -> a + "; " + b);
      return this;
    }

    /** The SVG document. */
    public String svg() {
      return new RateChart(title, series, notes).render();
    }
  }

  private String render() {
    List<Point> drawn = new ArrayList<>();
    int minGen = Integer.MAX_VALUE;
    int maxGen = Integer.MIN_VALUE;
    for (Series s : series) {
      for (Point p : s.points()) {
        if (Double.isNaN(p.rate())) {
          continue;
        }
        drawn.add(p);
        minGen = Math.min(minGen, p.generation());
        maxGen = Math.max(maxGen, p.generation());
      }
    }
    for (int g : notes.keySet()) {
      minGen = Math.min(minGen, g);
      maxGen = Math.max(maxGen, g);
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d"
                + " %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT));
    out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    out.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
            LEFT,
            TOP - 18,
            escape(title)));
    if (drawn.isEmpty()) {
      out.append(
          String.format(
              Locale.ROOT, "<text x=\"%d\" y=\"%d\">no exposure yet</text>%n", LEFT, HEIGHT / 2));
      return out.append("</svg>\n").toString();
    }
    Axis y = Axis.of(drawn);
    Scale x = new Scale(minGen, Math.max(maxGen, minGen + 1));
    drawAxes(out, x, y);
    for (int i = 0; i < series.size(); i++) {
      drawSeries(out, series.get(i), COLOURS[i % COLOURS.length], x, y, i);
    }
    drawNotes(out, x);
    return out.append("</svg>\n").toString();
  }

  private void drawAxes(StringBuilder out, Scale x, Axis y) {
    int plotBottom = HEIGHT - BOTTOM;
    int plotRight = WIDTH - RIGHT;
    out.append("<g class=\"grid\" stroke=\"#dddddd\">\n");
    for (int e = y.minExp; e <= y.maxExp; e++) {
      double py = y.pixel(Math.pow(10, e));
      out.append(line(LEFT, py, plotRight, py));
    }
    out.append("</g>\n<g class=\"axes\" stroke=\"#333333\">\n");
    out.append(line(LEFT, TOP, LEFT, plotBottom));
    out.append(line(LEFT, plotBottom, plotRight, plotBottom));
    out.append("</g>\n<g class=\"ticks\" text-anchor=\"end\">\n");
    for (int e = y.minExp; e <= y.maxExp; e++) {
      double py = y.pixel(Math.pow(10, e));
      out.append(
          String.format(
              Locale.ROOT, "<text x=\"%d\" y=\"%.1f\">%s</text>%n", LEFT - 6, py + 4, decade(e)));
    }
    out.append("</g>\n<g class=\"ticks\" text-anchor=\"middle\">\n");
    for (int g = x.min; g <= x.max; g++) {
      out.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\">%d</text>%n",
              x.pixel(g),
              plotBottom + 16,
              g));
    }
    out.append("</g>\n");
    out.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">generation</text>%n",
            (LEFT + plotRight) / 2,
            plotBottom + 34));
    out.append(
        String.format(
            Locale.ROOT,
            "<text transform=\"translate(16 %d) rotate(-90)\" text-anchor=\"middle\">"
                + "interventions per 1,000 km (log scale, 95%% CI)</text>%n",
            (TOP + plotBottom) / 2));
  }

  private static void drawSeries(
      StringBuilder out, Series s, String colour, Scale x, Axis y, int index) {
    List<Point> points = s.points().stream().filter(p -> !Double.isNaN(p.rate())).toList();
    if (points.isEmpty()) {
      return;
    }
    // a small horizontal offset per series keeps overlapping error bars apart
    double shift = (index - 1) * 4.0;
    out.append(
        String.format(
            Locale.ROOT,
            "<g class=\"series\" data-name=\"%s\" stroke=\"%s\" fill=\"%s\">%n",
            escape(s.name()),
            colour,
            colour));
    if (points.size() > 1) {
      StringBuilder path = new StringBuilder();
      for (Point p : points) {
        path.append(path.isEmpty() ? "" : " ")
            .append(
                String.format(
                    Locale.ROOT, "%.1f,%.1f", x.pixel(p.generation()) + shift, y.pixel(p.rate())));
      }
      out.append("<polyline fill=\"none\" stroke-width=\"2\" points=\"")
          .append(path)
          .append("\"/>\n");
    }
    for (Point p : points) {
      double px = x.pixel(p.generation()) + shift;
      double high = Double.isNaN(p.high()) ? p.rate() : p.high();
      double low = Double.isNaN(p.low()) ? p.rate() : p.low();
      out.append(line(px, y.pixel(low), px, y.pixel(high)));
      out.append(line(px - 3, y.pixel(high), px + 3, y.pixel(high)));
      out.append(line(px - 3, y.pixel(low), px + 3, y.pixel(low)));
      boolean zero = p.rate() <= 0;
      out.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\"%s><title>%s, generation %d: %s</title>"
                  + "</circle>%n",
              px,
              y.pixel(p.rate()),
              zero ? " fill=\"white\"" : "",
              escape(s.name()),
              p.generation(),
              String.format(Locale.ROOT, "%.1f [%.1f, %.1f]", p.rate(), low, high)));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%.1f\" stroke=\"none\">%s %s</text>%n",
            WIDTH - RIGHT + 10,
            legendY(index),
            "\u25CF",
            escape(s.name())));
    out.append("</g>\n");
  }

  private static double legendY(int index) {
    return TOP + 10 + index * 18.0;
  }

  private void drawNotes(StringBuilder out, Scale x) {
    int row = 0;
    for (Map.Entry<Integer, String> note : notes.entrySet()) {
      double px = x.pixel(note.getKey());
      out.append(
          String.format(
              Locale.ROOT,
              "<line class=\"note\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#D55E00\""
                  + " stroke-dasharray=\"4 3\"/>%n",
              px,
              TOP,
              px,
              HEIGHT - BOTTOM));
      out.append(
          String.format(
              Locale.ROOT,
              "<text class=\"note\" x=\"%.1f\" y=\"%d\" fill=\"#D55E00\" text-anchor=\"middle\">"
                  + "%s</text>%n",
              px,
              HEIGHT - BOTTOM + 50 + (row++ % 2) * 14,
              escape(note.getValue())));
    }
  }

  private static String line(double x1, double y1, double x2, double y2) {
    return String.format(
        Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>%n", x1, y1, x2, y2);
  }

  private static String decade(int e) {
    if (e >= 0) {
      return String.format(Locale.ROOT, "%,d", (long) Math.pow(10, e));
    }
    return String.format(Locale.ROOT, "%s", Math.pow(10, e));
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** The generation axis. */
  private record Scale(int min, int max) {
    double pixel(int generation) {
      double width = WIDTH - RIGHT - LEFT - 40;
      return LEFT + 20 + width * (generation - min) / (max - min);
    }
  }

  /** The logarithmic rate axis, whole decades from below the lowest to above the highest value. */
  private static final class Axis {
    final int minExp;
    final int maxExp;

    private Axis(int minExp, int maxExp) {
      this.minExp = minExp;
      this.maxExp = maxExp;
    }

    static Axis of(List<Point> points) {
      double lo = Double.MAX_VALUE;
      double hi = 0;
      for (Point p : points) {
        for (double v : new double[] {p.rate(), p.low(), p.high()}) {
          if (v > 0 && !Double.isNaN(v)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
      }
      if (hi == 0) {
        return new Axis(-1, 1);
      }
      int minExp = (int) Math.floor(Math.log10(lo));
      int maxExp = (int) Math.ceil(Math.log10(hi));
      return new Axis(minExp, Math.max(maxExp, minExp + 1));
    }

    /** The y pixel of {@code value}; zero and below sit on the bottom edge. */
    double pixel(double value) {
      double bottom = HEIGHT - BOTTOM;
      if (!(value > 0)) {
        return bottom;
      }
      double e = Math.log10(value);
      double clamped = Math.max(minExp, Math.min(maxExp, e));
      return bottom - (bottom - TOP) * (clamped - minExp) / (maxExp - minExp);
    }
  }
}
