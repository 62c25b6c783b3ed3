from flask import Flask, redirect, url_for, session

app = Flask(__name__)


@app.route("/logout")
def logout():
    session.clear()
    return redirect(url_for("index"))
