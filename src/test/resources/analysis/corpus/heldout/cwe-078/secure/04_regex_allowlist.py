import os
import re
from flask import Flask, request, abort

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host", "")
    if not re.fullmatch(r"[A-Za-z0-9.-]{1,253}", host):
        abort(400)
    rc = os.system("ping -c 1 " + host)
    return {"rc": rc}
