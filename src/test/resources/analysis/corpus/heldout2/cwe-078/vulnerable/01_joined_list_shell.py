import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/transcode", methods=["POST"])
def transcode():
    src = request.form["source"]
    cmd = ["ffmpeg", "-i", src, "/tmp/out.mp4"]
    subprocess.run(" ".join(cmd), shell=True, check=True)
    return "done"
