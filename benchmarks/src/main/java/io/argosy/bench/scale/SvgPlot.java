package io.argosy.bench.scale;

import java.util.List;
import java.util.Locale;

/**
 * A small SVG line chart (log-scale axes) for the scale results: one panel per quantity, one line
 * per series, a point per fleet size. Written by hand so the plot needs no library.
 */
final class SvgPlot {
  /** One line: name, y per x (NaN: no point). */
  record Series(String name, double[] y) {}

  /** One panel. */
  record Panel(String title, String yLabel, List<Series> series) {}

  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
  private static final int W = 560;
  private static final int H = 300;
  private static final int LEFT = 70;
  private static final int RIGHT = 150;
  private static final int TOP = 30;
  private static final int BOTTOM = 45;

  private SvgPlot() {}

  static String render(String xLabel, double[] x, List<Panel> panels) {
    StringBuilder b = new StringBuilder();
    int height = H * panels.size();
    b.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n",
        W, height));
    b.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, height));
    for (int p = 0; p < panels.size(); p++) {
      panel(b, xLabel, x, panels.get(p), p * H);
    }
    return b.append("</svg>\n").toString();
  }

  private static void panel(StringBuilder b, String xLabel, double[] x, Panel panel, int y0) {
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    for (double v : x) {
      minX = Math.min(minX, v);
      maxX = Math.max(maxX, v);
    }
    double minY = Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (Series s : panel.series()) {
      for (double v : s.y()) {
        if (v > 0 && !Double.isNaN(v)) {
          minY = Math.min(minY, v);
          maxY = Math.max(maxY, v);
        }
      }
    }
    if (minY == Double.MAX_VALUE) {
      minY = 1;
      maxY = 10;
    }
    double lx0 = Math.floor(Math.log10(minX));
    double lx1 = Math.ceil(Math.log10(maxX));
    double ly0 = Math.floor(Math.log10(minY));
    double ly1 = Math.ceil(Math.log10(maxY));
    if (ly1 == ly0) {
      ly1 = ly0 + 1;
    }
    int pw = W - LEFT - RIGHT;
    int ph = H - TOP - BOTTOM;
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\">%s</text>%n", LEFT,
        y0 + 18, esc(panel.title())));
    b.append(String.format(Locale.ROOT,
        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n", LEFT, y0 + TOP, pw, ph));
    for (double d = lx0; d <= lx1; d++) {
      double px = LEFT + (d - lx0) / (lx1 - lx0) * pw;
      b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", px,
          y0 + TOP, px, y0 + TOP + ph));
      b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px,
          y0 + TOP + ph + 15, label(Math.pow(10, d))));
    }
    for (double d = ly0; d <= ly1; d++) {
      double py = y0 + TOP + ph - (d - ly0) / (ly1 - ly0) * ph;
      b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, py,
          LEFT + pw, py));
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 5, py + 4,
          label(Math.pow(10, d))));
    }
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", LEFT + pw / 2,
        y0 + H - 8, esc(xLabel)));
    b.append(String.format(Locale.ROOT,
        "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>%n", y0 + TOP + ph / 2,
        y0 + TOP + ph / 2, esc(panel.yLabel())));
    for (int s = 0; s < panel.series().size(); s++) {
      Series ser = panel.series().get(s);
      String color = COLORS[s % COLORS.length];
      StringBuilder pts = new StringBuilder();
      for (int i = 0; i < x.length; i++) {
        double v = ser.y()[i];
        if (!(v > 0)) {
          continue;
        }
        double px = LEFT + (Math.log10(x[i]) - lx0) / (lx1 - lx0) * pw;
        double py = y0 + TOP + ph - (Math.log10(v) - ly0) / (ly1 - ly0) * ph;
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
        b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px, py, color));
      }
      b.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
          pts.toString().trim(), color));
      int ly = y0 + TOP + 12 + s * 16;
      b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>%n",
          LEFT + pw + 10, ly - 4, LEFT + pw + 28, ly - 4, color));
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + pw + 32, ly, esc(ser.name())));
    }
  }

  private static String label(double v) {
    if (v >= 1_000_000) {
      return String.format(Locale.ROOT, "%.0fM", v / 1_000_000);
    }
    if (v >= 1000) {
      return String.format(Locale.ROOT, "%.0fk", v / 1000);
    }
    if (v >= 1) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, "%.2g", v);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
