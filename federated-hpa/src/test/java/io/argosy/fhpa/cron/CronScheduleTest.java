package io.argosy.fhpa.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
  static final ZoneId NY = ZoneId.of("America/New_York");

  static Instant next(String expr, String after, ZoneId zone) {
    return CronSchedule.parse(expr).next(Instant.parse(after), zone);
  }

  @Test
  void fieldsListsRangesStepsAndNames() {
    assertThat(next("*/15 * * * *", "2026-01-01T00:07:30Z", ZoneOffset.UTC)).isEqualTo("2026-01-01T00:15:00Z");
    assertThat(next("5,35 1-3 * * *", "2026-01-01T03:40:00Z", ZoneOffset.UTC)).isEqualTo("2026-01-02T01:05:00Z");
    assertThat(next("0 12 * JAN-MAR MON", "2026-01-01T00:00:00Z", ZoneOffset.UTC)).isEqualTo("2026-01-05T12:00:00Z");
    assertThat(next("0 0 * * 7", "2026-01-01T00:00:00Z", ZoneOffset.UTC)).isEqualTo("2026-01-04T00:00:00Z"); // 7 = Sunday
    assertThat(next("@daily", "2026-01-01T00:00:00Z", ZoneOffset.UTC)).isEqualTo("2026-01-02T00:00:00Z");
    assertThat(next("0 0 30 2 *", "2026-01-01T00:00:00Z", ZoneOffset.UTC)).isNull();
  }

  @Test
  void restrictedDayOfMonthAndDayOfWeekMatchEither() {
    // Thursday 2026-01-01: the next Friday (2nd) comes before the 13th
    assertThat(next("0 0 13 * FRI", "2026-01-01T00:00:00Z", ZoneOffset.UTC)).isEqualTo("2026-01-02T00:00:00Z");
  }

  @Test
  void rejectsMalformedExpressions() {
    assertThatThrownBy(() -> CronSchedule.parse("* * * *")).hasMessageContaining("5 fields");
    assertThatThrownBy(() -> CronSchedule.parse("0 24 * * *")).hasMessageContaining("hour");
    assertThatThrownBy(() -> CronSchedule.parse("*/0 * * * *")).hasMessageContaining("step");
    assertThatThrownBy(() -> CronSchedule.parse("0 0 * FOO *")).hasMessageContaining("month");
    assertThatThrownBy(() -> CronSchedule.parse("@fortnightly")).hasMessageContaining("descriptor");
  }

  @Test
  void wallClockTimeInTheRulesZone() {
    // 08:00 in Shanghai (UTC+8, no DST) is midnight UTC
    assertThat(next("0 8 * * *", "2026-06-01T01:00:00Z", ZoneId.of("Asia/Shanghai"))).isEqualTo("2026-06-02T00:00:00Z");
    // 09:00 in Berlin is 08:00Z in winter and 07:00Z in summer
    assertThat(next("0 9 * * *", "2026-01-15T12:00:00Z", ZoneId.of("Europe/Berlin"))).isEqualTo("2026-01-16T08:00:00Z");
    assertThat(next("0 9 * * *", "2026-07-15T12:00:00Z", ZoneId.of("Europe/Berlin"))).isEqualTo("2026-07-16T07:00:00Z");
  }

  @Test
  void springForwardSkipsTheMissingTime() {
    // New York, 2026-03-08: 02:00 EST jumps to 03:00 EDT; 02:30 does not exist that day
    assertThat(next("30 2 * * *", "2026-03-07T12:00:00Z", NY)).isEqualTo("2026-03-09T06:30:00Z");
    // the day before it fired at 02:30 EST = 07:30Z
    assertThat(next("30 2 * * *", "2026-03-06T12:00:00Z", NY)).isEqualTo("2026-03-07T07:30:00Z");
    // hourly: 01:00 EST (06:00Z) is followed by 03:00 EDT (07:00Z), one real hour later
    assertThat(next("0 * * * *", "2026-03-08T06:00:00Z", NY)).isEqualTo("2026-03-08T07:00:00Z");
  }

  @Test
  void fallBackRunsTheRepeatedTimeOnce() {
    // New York, 2026-11-01: 02:00 EDT goes back to 01:00 EST; 01:30 happens twice
    Instant first = next("30 1 * * *", "2026-11-01T00:00:00Z", NY);
    assertThat(first).isEqualTo("2026-11-01T05:30:00Z"); // 01:30 EDT
    assertThat(CronSchedule.parse("30 1 * * *").next(first, NY)).isEqualTo("2026-11-02T06:30:00Z"); // 01:30 EST next day
    // a daily 08:00 keeps its wall-clock time across the change: 12:00Z before, 13:00Z after
    assertThat(next("0 8 * * *", "2026-10-31T12:30:00Z", NY)).isEqualTo("2026-11-01T13:00:00Z");
  }
}
