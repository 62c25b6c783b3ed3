import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/clone", methods=["POST"])
def clone():
    repo_url = request.get_json()["repo"]
    subprocess.run(["git", "clone", "--", repo_url, "/tmp/repo"], check=True)
    return {"status": "ok"}
