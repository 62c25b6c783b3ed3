import os
from flask import Flask, request

app = Flask(__name__)
TMP_DIR = "/tmp/workspace"


@app.route("/cleanup", methods=["POST"])
def cleanup():
    requested = request.form["name"]
    stem = requested.strip()
    target_name = stem + ".tmp"
    victim = os.path.join(TMP_DIR, target_name)
    os.remove(victim)
    return "removed"
