import os
from flask import Flask, request, send_file, abort

app = Flask(__name__)
BASE_DIR = os.path.realpath("/srv/static/reports")


@app.route("/report")
def report():
    name = request.args.get("name", "")
    full = os.path.realpath(os.path.join(BASE_DIR, name))
    if not full.startswith(BASE_DIR + os.sep):
        abort(403)
    return send_file(full)
