package io.argosy.fhpa.cron;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A standard 5-field cron expression ({@code minute hour day-of-month month day-of-week}) with
 * {@code *}, {@code ?}, lists, ranges, steps, month and weekday names, and the {@code @hourly},
 * {@code @daily}, {@code @weekly}, {@code @monthly}, {@code @yearly} shorthands — what Karmada accepts
 * (robfig/cron's standard parser). When both day fields are restricted a day matching either fires.
 *
 * <p>Times are wall-clock times in the rule's zone. Daylight saving (decided as robfig/cron, which
 * Karmada uses): a time skipped when clocks go forward does not fire that day; a time repeated when
 * clocks go back fires once, at its first occurrence.
 */
public final class CronSchedule {
  private static final Map<String, String> SHORTHANDS = Map.of(
      "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
      "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
  private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  private final String text;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean domStar;
  private final boolean dowStar;

  private CronSchedule(String text, String[] f) {
    this.text = text;
    minutes = field(f[0], 0, 59, List.of(), "minute");
    hours = field(f[1], 0, 23, List.of(), "hour");
    daysOfMonth = field(f[2], 1, 31, List.of(), "day-of-month");
    months = field(f[3], 1, 12, MONTHS, "month");
    BitSet dow = field(f[4], 0, 7, DAYS, "day-of-week");
    if (dow.get(7)) { // 7 is Sunday too
      dow.set(0);
    }
    daysOfWeek = dow;
    domStar = f[2].startsWith("*") || f[2].equals("?");
    dowStar = f[4].startsWith("*") || f[4].equals("?");
  }

  /** Parses an expression; {@link IllegalArgumentException} says what is wrong. */
  public static CronSchedule parse(String text) {
    String t = text.strip();
    if (t.startsWith("@")) {
      String expanded = SHORTHANDS.get(t.toLowerCase(Locale.ROOT));
      if (expanded == null) {
        throw new IllegalArgumentException("unknown descriptor '" + t + "'");
      }
      t = expanded;
    }
    String[] f = t.split("\\s+");
    if (f.length != 5) {
      throw new IllegalArgumentException("'" + text + "' must have 5 fields (minute hour day-of-month month day-of-week), has " + f.length);
    }
    return new CronSchedule(text, f);
  }

  private static BitSet field(String spec, int min, int max, List<String> names, String what) {
    BitSet bits = new BitSet(max + 1);
    for (String part : spec.split(",", -1)) {
      if (part.isEmpty()) {
        throw new IllegalArgumentException(what + ": empty list entry in '" + spec + "'");
      }
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(part.substring(slash + 1), List.of(), what);
        if (step < 1) {
          throw new IllegalArgumentException(what + ": step must be positive in '" + part + "'");
        }
      }
      int lo;
      int hi;
      if (range.equals("*") || range.equals("?")) {
        lo = min;
        hi = max == 7 ? 6 : max;
      } else {
        int dash = range.indexOf('-');
        if (dash > 0) {
          lo = number(range.substring(0, dash), names, what);
          hi = number(range.substring(dash + 1), names, what);
        } else {
          lo = number(range, names, what);
          hi = slash >= 0 ? (max == 7 ? 6 : max) : lo; // "5/15" means from 5 to the end
        }
      }
      if (lo < min || hi > max || lo > hi) {
        throw new IllegalArgumentException(what + ": '" + part + "' is outside " + min + "-" + max);
      }
      for (int v = lo; v <= hi; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int number(String s, List<String> names, String what) {
    int i = names.indexOf(s.toUpperCase(Locale.ROOT));
    if (i >= 0) {
      return names == MONTHS ? i + 1 : i;
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + ": '" + s + "' is not a number");
    }
  }

  /** The first firing strictly after {@code after}, or null if none within 5 years (e.g. {@code 0 0 30 2 *}). */
  public Instant next(Instant after, ZoneId zone) {
    LocalDateTime start = LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    LocalDateTime t = start;
    LocalDateTime limit = start.plusYears(5);
    while (t.isBefore(limit)) {
      if (!months.get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
        continue;
      }
      if (!dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
        continue;
      }
      if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
        continue;
      }
      if (!minutes.get(t.getMinute())) {
        t = t.plusMinutes(1);
        continue;
      }
      List<ZoneOffset> offsets = zone.getRules().getValidOffsets(t);
      if (!offsets.isEmpty()) { // empty: in the gap of a clock change, skipped
        Instant at = t.atOffset(offsets.get(0)).toInstant();
        if (at.isAfter(after)) {
          return at;
        }
      }
      t = t.plusMinutes(1);
    }
    return null;
  }

  private boolean dayMatches(LocalDateTime t) {
    boolean dom = daysOfMonth.get(t.getDayOfMonth());
    int dowIndex = t.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : t.getDayOfWeek().getValue();
    boolean dow = daysOfWeek.get(dowIndex);
    if (domStar || dowStar) {
      return dom && dow;
    }
    return dom || dow;
  }

  @Override
  public String toString() {
    return text;
  }
}
