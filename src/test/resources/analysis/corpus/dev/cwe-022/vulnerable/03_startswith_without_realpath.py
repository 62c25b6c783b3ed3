import os
from flask import Flask, request, send_file, abort

app = Flask(__name__)
BASE_DIR = "/srv/static/reports"


@app.route("/report")
def report():
    name = request.args.get("name", "")
    path = os.path.join(BASE_DIR, name)
    if not path.startswith(BASE_DIR):
        abort(403)
    return send_file(path)
