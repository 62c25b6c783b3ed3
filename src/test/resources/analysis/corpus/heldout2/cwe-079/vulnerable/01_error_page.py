from flask import Flask, request

app = Flask(__name__)
INVENTORY = {"apple": 3}


@app.route("/item")
def item():
    name = request.args.get("name", "")
    if name not in INVENTORY:
        return f"<h1>Error</h1><p>Could not find {name}</p>", 404
    return {"count": INVENTORY[name]}
