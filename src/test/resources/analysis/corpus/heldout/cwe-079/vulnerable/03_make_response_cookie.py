from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/theme")
def theme():
    title = request.cookies.get("page_title", "Home")
    resp = make_response("<html><head><title>" + title + "</title></head><body></body></html>")
    resp.headers["Content-Type"] = "text/html"
    return resp
