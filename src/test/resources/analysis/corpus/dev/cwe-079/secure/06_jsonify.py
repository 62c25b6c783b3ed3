from flask import Flask, request, jsonify

app = Flask(__name__)


@app.route("/api/greet")
def greet():
    name = request.args.get("name", "stranger")
    return jsonify({"greeting": "Hello, " + name})
