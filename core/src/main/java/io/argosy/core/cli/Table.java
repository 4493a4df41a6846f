package io.argosy.core.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * An aligned text table, kubectl style: upper-case headers, columns separated by three spaces, at
 * most {@link #WIDTH} characters a line. When too wide, the widest columns are cut (with "...")
 * until it fits.
 */
final class Table {
  static final int WIDTH = 120;
  private static final String GAP = "   ";

  private final String[] headers;
  private final List<String[]> rows = new ArrayList<>();

  Table(String... headers) {
    this.headers = headers;
  }

  Table row(Object... cells) {
    String[] r = new String[headers.length];
    for (int i = 0; i < headers.length; i++) {
      Object c = i < cells.length ? cells[i] : null;
      r[i] = c == null ? "" : String.valueOf(c).replaceAll("\\s*\\R\\s*", " ");
    }
    rows.add(r);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  String render() {
    return render(WIDTH);
  }

  String render(int width) {
    int n = headers.length;
    int[] w = new int[n];
    for (int i = 0; i < n; i++) {
      w[i] = headers[i].length();
      for (String[] r : rows) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    while (total(w) > width) {
      int widest = 0;
      for (int i = 1; i < n; i++) {
        if (w[i] >= w[widest]) {
          widest = i;
        }
      }
      int floor = Math.max(headers[widest].length(), 6);
      if (w[widest] <= floor) {
        break;
      }
      w[widest] = Math.max(floor, w[widest] - (total(w) - width));
    }
    StringBuilder b = new StringBuilder();
    line(b, headers, w);
    for (String[] r : rows) {
      line(b, r, w);
    }
    return b.toString();
  }

  private static int total(int[] w) {
    int t = GAP.length() * (w.length - 1);
    for (int x : w) {
      t += x;
    }
    return t;
  }

  private static void line(StringBuilder b, String[] cells, int[] w) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      String c = cells[i];
      if (c.length() > w[i]) {
        c = w[i] <= 3 ? c.substring(0, w[i]) : c.substring(0, w[i] - 3) + "...";
      }
      l.append(c);
      if (i < cells.length - 1) {
        l.append(" ".repeat(w[i] - c.length())).append(GAP);
      }
    }
    b.append(l.toString().stripTrailing()).append('\n');
  }
}
