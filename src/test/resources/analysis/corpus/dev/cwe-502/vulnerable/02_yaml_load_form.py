import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/config", methods=["POST"])
def upload_config():
    config_text = request.form["config"]
    config = yaml.load(config_text)
    return {"sections": list(config)}
