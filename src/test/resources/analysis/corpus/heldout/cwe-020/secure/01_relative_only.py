from flask import Flask, request, redirect

app = Flask(__name__)


@app.get("/back")
def back():
    url = request.args.get("url", "/")
    if url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return redirect(url)
    return redirect("/")
