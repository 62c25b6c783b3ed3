import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/import", methods=["POST"])
def import_yaml():
    doc = yaml.load(request.data, Loader=yaml.UnsafeLoader)
    return {"keys": list(doc)}
