import marshal
from flask import Flask, request

app = Flask(__name__)


@app.route("/plugins", methods=["POST"])
def load_plugin():
    blob = request.files["plugin"].read()
    code = marshal.loads(blob)
    return {"loaded": code.co_name}
