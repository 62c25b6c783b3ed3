import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/lookup", methods=["POST"])
def lookup():
    domain = request.form["domain"]
    code = subprocess.call(["nslookup", "--", domain], shell=False)
    return {"code": code}
