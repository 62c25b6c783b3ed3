import json
from flask import Flask, request, Response

app = Flask(__name__)


@app.route("/echo")
def echo():
    q = request.args.get("q", "")
    return Response(json.dumps({"q": q}), mimetype="application/json")
