from urllib.parse import urlparse
from flask import Flask, request, redirect

app = Flask(__name__)


@app.get("/bounce")
def bounce():
    url = request.args.get("url", "/")
    if "trusted.com" in urlparse(url).netloc:
        return redirect(url)
    return redirect("/")
