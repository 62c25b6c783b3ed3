from flask import Flask, request

app = Flask(__name__)


@app.route("/preview-table", methods=["POST"])
def preview_table():
    rows = request.json["rows"]
    html = "<table>"
    for row in rows:
        html += f"<tr><td>{row['name']}</td><td>{row['email']}</td></tr>"
    html += "</table>"
    return html
