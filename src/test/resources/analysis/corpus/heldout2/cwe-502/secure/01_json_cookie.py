import base64
import json
from flask import Flask, request

app = Flask(__name__)


@app.route("/dashboard")
def dashboard():
    data = request.cookies.get("prefs", "e30=")
    prefs = json.loads(base64.b64decode(data))
    return {"theme": prefs.get("theme", "light")}
