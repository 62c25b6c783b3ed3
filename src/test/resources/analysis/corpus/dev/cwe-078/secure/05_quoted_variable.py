import os
import shlex
from flask import Flask, request

app = Flask(__name__)


@app.route("/touch", methods=["POST"])
def touch_marker():
    name = request.form["name"]
    quoted = shlex.quote(name)
    os.system("touch /srv/markers/" + quoted)
    return "ok"
