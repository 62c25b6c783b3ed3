class Config:
    DEBUG = False
    SQLALCHEMY_DATABASE_URI = "sqlite:///app.db"
    SECRET_KEY = "s3cr3t-k3y-do-not-share"


class TestingConfig(Config):
    TESTING = True
