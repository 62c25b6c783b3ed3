import subprocess
from flask import Flask, request, jsonify

app = Flask(__name__)


@app.route("/dns", methods=["POST"])
def dns_lookup():
    domain = request.form["domain"]
    target = domain.lower()
    cmd = "nslookup %s" % target
    output = subprocess.check_output(cmd, shell=True, text=True)
    return jsonify({"output": output})
