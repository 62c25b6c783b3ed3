import re
from flask import Flask, request, redirect

app = Flask(__name__)
TRUSTED = re.compile(r"^https?://(www|beta)\.example\.com/")


@app.route("/redirect")
def safe_redirect():
    target = request.args.get("target", "")
    if TRUSTED.match(target):
        return redirect(target)
    return redirect("/")
