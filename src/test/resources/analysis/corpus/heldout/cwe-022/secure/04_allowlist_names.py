import os
from flask import Flask, request, abort

app = Flask(__name__)
DOC_DIR = "/srv/docs"
ALLOWED_DOCS = {"terms.txt", "privacy.txt", "about.txt"}


@app.get("/doc")
def doc():
    name = request.args.get("name", "")
    if name not in ALLOWED_DOCS:
        abort(404)
    with open(os.path.join(DOC_DIR, name)) as fh:
        return {"text": fh.read()}
