import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/import", methods=["POST"])
def import_yaml():
    doc = yaml.safe_load(request.files["config"].read())
    return {"keys": list(doc or {})}
