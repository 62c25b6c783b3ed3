import json
from flask import Flask, request

app = Flask(__name__)


@app.route("/import", methods=["POST"])
def import_settings():
    upload = request.files["settings"]
    settings = json.load(upload.stream)
    return {"count": len(settings)}
