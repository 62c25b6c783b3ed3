import pickle
from flask import Flask, request

app = Flask(__name__)


@app.route("/api/state", methods=["POST"])
def restore_state():
    state = pickle.loads(request.data)
    return {"keys": sorted(state.keys())}
