import os
from flask import Flask, request

app = Flask(__name__)


@app.route("/clone", methods=["POST"])
def clone():
    repo_url = request.get_json()["repo"]
    status = os.system("git clone %s /tmp/repo" % repo_url)
    return {"status": status}
