import os
from sqlalchemy import create_engine

db_user = os.environ["PGUSER"]
db_pass = os.environ["PGPASSWORD"]
db_host = os.environ.get("PGHOST", "localhost")
engine = create_engine(f"postgresql://{db_user}:{db_pass}@{db_host}/app")
