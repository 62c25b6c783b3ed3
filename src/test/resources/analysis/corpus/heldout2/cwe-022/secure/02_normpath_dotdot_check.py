import os
from flask import Flask, request, abort

app = Flask(__name__)
BASE = "/srv/wiki/pages"


@app.route("/wiki")
def wiki():
    requested = request.args.get("page", "index.md")
    safe = os.path.normpath(requested)
    if safe.startswith("..") or os.path.isabs(safe):
        abort(400)
    with open(os.path.join(BASE, safe)) as fh:
        return {"markdown": fh.read()}
