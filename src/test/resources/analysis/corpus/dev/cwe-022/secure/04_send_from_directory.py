from flask import Flask, send_from_directory

app = Flask(__name__)


@app.route("/files/<path:filename>")
def files(filename):
    return send_from_directory("/srv/public", filename)
