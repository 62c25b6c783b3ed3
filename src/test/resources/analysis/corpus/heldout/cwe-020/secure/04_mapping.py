from flask import Flask, request, redirect

app = Flask(__name__)
DESTINATIONS = {"home": "/", "docs": "/docs", "blog": "https://blog.example.com/"}


@app.get("/nav")
def nav():
    key = request.args.get("to", "home")
    return redirect(DESTINATIONS.get(key, "/"))
