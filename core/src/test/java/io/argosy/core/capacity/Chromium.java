package io.argosy.core.capacity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven from its command line (Debian's {@code chromium} package): the DOM after
 * the page's scripts ran ({@code --dump-dom}, with a virtual-time budget so timers and fetches
 * complete) and screenshots. No WebDriver, no extra dependency. {@code --no-zygote}: on a loaded
 * machine the zygote's renderer start-up sometimes never completed.
 */
final class Chromium {
  private static final Pattern ATTR = Pattern.compile("([\\w:-]+)=\"([^\"]*)\"");

  private final String binary;

  private Chromium(String binary) {
    this.binary = binary;
  }

  /** The browser on the PATH ({@code -Dargosy.chromium=PATH} overrides), or null when there is none. */
  static Chromium find() {
    String configured = System.getProperty("argosy.chromium");
    if (configured != null && !configured.isBlank()) {
      return Files.isExecutable(Path.of(configured)) ? new Chromium(configured) : null;
    }
    for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (!dir.isEmpty() && Files.isExecutable(p)) {
          return new Chromium(p.toString());
        }
      }
    }
    return null;
  }

  String dumpDom(String url, Path profile) throws IOException, InterruptedException {
    return run(profile, "--virtual-time-budget=8000", "--dump-dom", url);
  }

  void screenshot(String url, Path png, Path profile) throws IOException, InterruptedException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    run(profile, "--virtual-time-budget=2000", "--window-size=1280,2200", "--hide-scrollbars",
        "--screenshot=" + png.toAbsolutePath(), url);
  }

  private String run(Path profile, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--no-zygote", "--user-data-dir=" + profile.toAbsolutePath()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("chromium", ".out");
    Path err = Files.createTempFile("chromium", ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      // seconds on a quiet machine; generous because CI machines are shared
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new IllegalStateException("chromium did not finish within 180 s: " + cmd);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("chromium exited " + p.exitValue() + ": " + Files.readString(err));
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** The attributes of every {@code <tag ...>} element of the DOM whose attribute {@code attr} is {@code value}. */
  static List<Map<String, String>> elements(String dom, String tag, String attr, String value) {
    List<Map<String, String>> out = new ArrayList<>();
    Matcher m = Pattern.compile("<" + tag + "\\s([^>]*)>").matcher(dom);
    while (m.find()) {
      Map<String, String> attrs = new LinkedHashMap<>();
      Matcher a = ATTR.matcher(m.group(1));
      while (a.find()) {
        attrs.put(a.group(1), a.group(2).replace("&amp;", "&"));
      }
      if (value.equals(attrs.get(attr))) {
        out.add(attrs);
      }
    }
    return out;
  }
}
