from flask import Flask, request, redirect, session

app = Flask(__name__)


@app.route("/login/complete")
def login_complete():
    session["logged_in"] = True
    target = request.values.get("redirect_to")
    if target:
        return redirect(target)
    return redirect("/home")
