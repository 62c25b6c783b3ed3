from flask import Flask, session

app = Flask(__name__)
app.secret_key = "k8s9d7f6g5h4j3k2"


@app.route("/visit")
def visit():
    session["visits"] = session.get("visits", 0) + 1
    return {"visits": session["visits"]}
