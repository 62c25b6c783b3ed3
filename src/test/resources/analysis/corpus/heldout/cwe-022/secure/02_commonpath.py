import os
from flask import Flask, request, abort

app = Flask(__name__)
BASE = os.path.abspath("/srv/site/pages")


@app.get("/page")
def page():
    requested = request.args.get("p", "index.html")
    full = os.path.abspath(os.path.join(BASE, requested))
    if os.path.commonpath([BASE, full]) != BASE:
        abort(400)
    with open(full) as fh:
        return fh.read()
