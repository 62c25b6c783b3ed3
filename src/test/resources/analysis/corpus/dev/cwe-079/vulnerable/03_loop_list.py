from flask import Flask, request

app = Flask(__name__)


@app.route("/preview", methods=["POST"])
def preview_comments():
    comments = request.form.getlist("comment")
    html = "<ul>"
    for comment in comments:
        html += "<li>" + comment + "</li>"
    html += "</ul>"
    return html
