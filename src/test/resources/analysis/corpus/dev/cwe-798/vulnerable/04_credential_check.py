from flask import Flask, request, session, redirect

app = Flask(__name__)


@app.route("/login", methods=["POST"])
def login():
    username = request.form["username"]
    password = request.form["password"]
    if username == "admin" and password == "admin123":
        session["user"] = username
        return redirect("/dashboard")
    return "Invalid credentials", 401
