import os
import shutil
from flask import Flask, request

app = Flask(__name__)
WORKSPACES = "/srv/workspaces"


@app.route("/workspaces/delete", methods=["POST"])
def delete_workspace():
    workspace = request.json["workspace"]
    shutil.rmtree(os.path.join(WORKSPACES, workspace))
    return {"deleted": workspace}
