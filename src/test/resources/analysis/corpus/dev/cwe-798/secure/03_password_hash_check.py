from flask import Flask, request, session, redirect
from werkzeug.security import check_password_hash

app = Flask(__name__)


def find_user(username):
    from models import User
    return User.query.filter_by(username=username).first()


@app.route("/login", methods=["POST"])
def login():
    username = request.form["username"]
    password = request.form["password"]
    user = find_user(username)
    if user and check_password_hash(user.password_hash, password):
        session["user"] = username
        return redirect("/dashboard")
    return "Invalid credentials", 401
