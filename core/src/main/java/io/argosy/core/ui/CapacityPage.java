package io.argosy.core.ui;

import io.argosy.core.json.Json;
import io.argosy.core.view.CapacityReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The capacity page: one self-contained HTML file (inline CSS, inline script drawing SVG charts,
 * no external resources). {@code argosy capacity -o html} embeds a report; the control plane serves
 * the live variant at {@code /ui/capacity}, which fetches {@code /v1/capacity} every 5 seconds.
 */
public final class CapacityPage {
  public static final String PATH = "/ui/capacity";
  private static final String TEMPLATE = load();

  private CapacityPage() {}

  /** A static page showing this report. */
  public static String of(CapacityReport report) {
    // "<" escaped so that no string in the report can close the script element
    String json = Json.write(report).replace("<", "\\u003c");
    return TEMPLATE.replace("/*REPORT*/null", json).replace("/*LIVE*/false", "false");
  }

  /** The live page: no report inside, the script fetches it. */
  public static String live() {
    return TEMPLATE.replace("/*REPORT*/null", "null").replace("/*LIVE*/false", "true");
  }

  private static String load() {
    try (InputStream in = CapacityPage.class.getResourceAsStream("capacity.html")) {
      if (in == null) {
        throw new IllegalStateException("capacity.html is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
