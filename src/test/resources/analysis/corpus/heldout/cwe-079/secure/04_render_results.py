from flask import Flask, request, render_template

app = Flask(__name__)
CATALOGUE = ["apple", "banana", "cherry"]


@app.route("/find")
def find():
    q = request.args.get("q", "").lower()
    results = [item for item in CATALOGUE if q in item]
    return render_template("results.html", q=q, results=results)
