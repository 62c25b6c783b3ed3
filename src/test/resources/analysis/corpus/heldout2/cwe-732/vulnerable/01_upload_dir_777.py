import os
from flask import Flask

app = Flask(__name__)
UPLOAD_DIR = "/srv/app/uploads"

os.makedirs(UPLOAD_DIR, exist_ok=True)
os.chmod(UPLOAD_DIR, 0o777)
