from flask import Flask, request, abort
from werkzeug.security import generate_password_hash

app = Flask(__name__)
MIN_PASSWORD_LENGTH = 12
USERS = {}


@app.route("/register", methods=["POST"])
def register():
    username = request.form["username"]
    password = request.form["password"]
    if len(password) < MIN_PASSWORD_LENGTH:
        abort(400)
    USERS[username] = generate_password_hash(password)
    return {"ok": True}
