import os
from flask import Flask, request, abort

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host", "")
    if not host.replace(".", "").replace("-", "").isalnum():
        abort(400)
    code = os.system("ping -c 1 " + host)
    return {"code": code}
